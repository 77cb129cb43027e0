namespace RtcOnAws.MediaNode.Relay.Kernel;

/// <summary>The numbers of the nf_tables netlink API (<c>linux/netfilter/nf_tables.h</c>, <c>nfnetlink.h</c>) this relay uses.</summary>
internal static class NfTables
{
    public const byte FamilyIPv4 = 2;
    public const byte FamilyUnspecified = 0;
    public const ushort SubsystemNfTables = 10;

    public const ushort BatchBegin = 0x10;
    public const ushort BatchEnd = 0x11;

    public const ushort FlagRequest = 0x1;
    public const ushort FlagAck = 0x4;
    public const ushort FlagDump = 0x300;
    public const ushort FlagCreate = 0x400;
    public const ushort FlagAppend = 0x800;

    public const ushort NewTable = (SubsystemNfTables << 8) | 0;
    public const ushort DeleteTable = (SubsystemNfTables << 8) | 2;
    public const ushort NewChain = (SubsystemNfTables << 8) | 3;
    public const ushort NewRule = (SubsystemNfTables << 8) | 6;
    public const ushort NewSet = (SubsystemNfTables << 8) | 9;
    public const ushort NewSetElement = (SubsystemNfTables << 8) | 12;
    public const ushort GetSetElement = (SubsystemNfTables << 8) | 13;
    public const ushort DeleteSetElement = (SubsystemNfTables << 8) | 14;

    public const ushort TableName = 1;
    public const ushort TableFlags = 2;
    public const uint TableFlagOwner = 0x2;

    public const ushort ChainTable = 1;
    public const ushort ChainName = 3;
    public const ushort ChainHook = 4;
    public const ushort ChainPolicy = 5;
    public const ushort ChainType = 7;
    public const ushort HookNumber = 1;
    public const ushort HookPriority = 2;
    public const uint HookPrerouting = 0;
    public const uint HookPostrouting = 4;
    public const int PriorityRaw = -300;
    public const int PrioritySourceNat = 100;
    public const uint VerdictAccept = 1;

    public const ushort RuleTable = 1;
    public const ushort RuleChain = 2;
    public const ushort RuleExpressions = 4;
    public const ushort ListElement = 1;
    public const ushort ExpressionName = 1;
    public const ushort ExpressionData = 2;

    public const ushort SetTable = 1;
    public const ushort SetName = 2;
    public const ushort SetFlags = 3;
    public const ushort SetKeyType = 4;
    public const ushort SetKeyLength = 5;
    public const ushort SetDataType = 6;
    public const ushort SetDataLength = 7;
    public const ushort SetDescription = 9;
    public const ushort SetId = 10;
    public const ushort SetExpression = 17;
    public const ushort SetDescriptionSize = 1;
    public const uint SetFlagMap = 0x8;

    public const ushort ElementListTable = 1;
    public const ushort ElementListSet = 2;
    public const ushort ElementListElements = 3;
    public const ushort ElementKey = 1;
    public const ushort ElementData = 2;
    public const ushort ElementExpression = 7;
    public const ushort ElementExpressions = 11;
    public const ushort DataValue = 1;
    public const ushort DataVerdict = 2;
    public const ushort VerdictCode = 1;

    public const ushort CounterBytes = 1;
    public const ushort CounterPackets = 2;

    public const ushort MetaDestinationRegister = 1;
    public const ushort MetaKey = 2;
    public const ushort MetaSourceRegister = 3;
    public const uint MetaMark = 3;
    public const uint MetaL4Protocol = 16;

    public const ushort CompareSourceRegister = 1;
    public const ushort CompareOperator = 2;
    public const ushort CompareData = 3;
    public const uint CompareEqual = 0;

    public const ushort RangeSourceRegister = 1;
    public const ushort RangeOperator = 2;
    public const ushort RangeFrom = 3;
    public const ushort RangeTo = 4;
    public const uint RangeNotEqual = 1;

    public const ushort PayloadDestinationRegister = 1;
    public const ushort PayloadBase = 2;
    public const ushort PayloadOffset = 3;
    public const ushort PayloadLength = 4;
    public const ushort PayloadSourceRegister = 5;
    public const ushort PayloadChecksumType = 6;
    public const ushort PayloadChecksumOffset = 7;
    public const ushort PayloadChecksumFlags = 8;
    public const uint BaseNetwork = 1;
    public const uint BaseTransport = 2;
    public const uint ChecksumInet = 1;
    public const uint ChecksumFlagL4PseudoHeader = 1;

    public const ushort LookupSet = 1;
    public const ushort LookupSourceRegister = 2;
    public const ushort LookupDestinationRegister = 3;
    public const ushort LookupSetId = 4;

    public const ushort ImmediateDestinationRegister = 1;
    public const ushort ImmediateData = 2;

    public const uint RegisterVerdict = 0;
    public const uint Register1 = 1;
    public const uint Register32 = 8;

    /// <summary>nft's type ids (for <c>nft list</c> only; the kernel ignores them): concatenations pack 6 bits per part.</summary>
    public const uint TypeAddress = 7;
    public const uint TypeService = 13;
    public const uint TypeMark = 19;

    public static uint Concat(params uint[] types)
    {
        uint result = 0;
        foreach (var type in types)
        {
            result = (result << 6) | type;
        }

        return result;
    }
}
