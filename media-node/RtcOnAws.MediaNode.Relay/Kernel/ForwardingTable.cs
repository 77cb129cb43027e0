using System.Buffers.Binary;
using RtcOnAws.MediaNode.Relay.Kernel.Netlink;
using static RtcOnAws.MediaNode.Relay.Kernel.NfTables;

namespace RtcOnAws.MediaNode.Relay.Kernel;

/// <summary>
/// The nftables program of one media-node instance, written over netlink (no <c>nft</c> process):
/// <code>
/// table ip NAME (owned by this process's netlink socket: the kernel deletes it when the process dies)
///   map rtp, rtcp  { saddr . sport . daddr . dport : mark . new daddr . new dport; counter per element }
///   map out        { mark : new saddr . new sport }
///   chain pre  (prerouting, priority raw):  udp, payload byte 1 not 192-223 (not RTCP) → lookup @rtp:
///                                           set mark, rewrite daddr/dport, notrack, accept
///                                           udp → lookup @rtcp: the same (RTCP ports carry only RTCP)
///   chain post (postrouting, priority srcnat): mark → lookup @out: rewrite saddr/sport
/// </code>
/// A packet matching no element is left alone and reaches the socket (the event loops check and count it).
/// Stateless rewrites with notrack: no conntrack entry per stream. Not thread-safe: the caller serialises.
/// </summary>
internal sealed class ForwardingTable : IDisposable
{
    public const string RtpSet = "rtp";
    public const string RtcpSet = "rtcp";
    public const string OutSet = "out";
    private const int NfGenMessageSize = 4;
    private const int KeyLength = 16;
    private const int DataLength = 12;
    private const int OutDataLength = 8;
    private const uint RtpSetId = 1;
    private const uint RtcpSetId = 2;
    private const uint OutSetId = 3;

    private readonly NetlinkSocket _socket;
    private readonly NetlinkWriter _writer = new();
    private int _expressions;

    public ForwardingTable(NetlinkSocket socket, string name, int capacity)
    {
        _socket = socket;
        Name = name;
        Capacity = capacity;
    }

    public string Name { get; }

    /// <summary>Most elements per map (so most stream directions: each has one element in @out); the kernel refuses more (ENFILE), which keeps those streams in user space.</summary>
    public int Capacity { get; }

    /// <summary>Deletes a table of this name left behind (by a crashed instance), then installs the program, in one transaction.</summary>
    public void Install()
    {
        var batch = BeginBatch();
        WriteTableMessage(NewTable, FlagCreate, flags: 0);
        WriteTableMessage(DeleteTable, 0, flags: null);
        WriteTableMessage(NewTable, FlagCreate, TableFlagOwner);
        WriteSet(RtpSet, RtpSetId, KeyLength, Concat(TypeAddress, TypeService, TypeAddress, TypeService), DataLength, Concat(TypeMark, TypeAddress, TypeService), counter: true);
        WriteSet(RtcpSet, RtcpSetId, KeyLength, Concat(TypeAddress, TypeService, TypeAddress, TypeService), DataLength, Concat(TypeMark, TypeAddress, TypeService), counter: true);
        WriteSet(OutSet, OutSetId, 4, TypeMark, OutDataLength, Concat(TypeAddress, TypeService), counter: false);
        WriteChain("pre", HookPrerouting, PriorityRaw);
        WriteChain("post", HookPostrouting, PrioritySourceNat);
        WritePreroutingRule(RtpSet, RtpSetId, skipRtcp: true);
        WritePreroutingRule(RtcpSet, RtcpSetId, skipRtcp: false);
        WritePostroutingRule();
        EndBatch(batch);
        _socket.Transact(_writer.Written, $"Installing nftables table {Name}");
    }

    /// <summary>Removes <paramref name="remove"/> and adds <paramref name="add"/> in one transaction: all or nothing.</summary>
    public void Apply(IReadOnlyCollection<KernelEntry> remove, IReadOnlyCollection<KernelEntry> add)
    {
        if (remove.Count == 0 && add.Count == 0)
        {
            return;
        }

        var batch = BeginBatch();
        WriteElements(DeleteSetElement, 0, remove);
        WriteElements(NewSetElement, FlagCreate, add);
        EndBatch(batch);
        _socket.Transact(_writer.Written, $"Updating nftables table {Name}");
    }

    /// <summary>Reads every element's counter of the incoming maps: (rtcp?, local address bits, local port, packets, bytes).</summary>
    public void ReadCounters(Action<bool, uint, ushort, long, long> onCounter)
    {
        ReadCounters(RtpSet, rtcp: false, onCounter);
        ReadCounters(RtcpSet, rtcp: true, onCounter);
    }

    /// <summary>Deletes the table and everything in it (shutdown).</summary>
    public void Delete()
    {
        var batch = BeginBatch();
        WriteTableMessage(DeleteTable, 0, flags: null);
        EndBatch(batch);
        _socket.Transact(_writer.Written, $"Deleting nftables table {Name}");
    }

    public void Dispose() => _socket.Dispose();

    private void ReadCounters(string set, bool rtcp, Action<bool, uint, ushort, long, long> onCounter)
    {
        _writer.Reset();
        int message = _writer.BeginMessage(GetSetElement, FlagRequest | FlagDump, _socket.NextSequence(), FamilyIPv4);
        _writer.PutString(ElementListTable, Name);
        _writer.PutString(ElementListSet, set);
        _writer.EndMessage(message);
        _socket.Dump(_writer.Written, $"Reading counters of {Name} @{set}", (_, body) =>
        {
            var elements = NetlinkAttributes.Find(body[NfGenMessageSize..], ElementListElements);
            var reader = new NetlinkAttributes(elements);
            while (reader.MoveNext())
            {
                var element = reader.Value;
                var key = NetlinkAttributes.Find(NetlinkAttributes.Find(element, ElementKey), DataValue);
                if (key.Length < KeyLength)
                {
                    continue;
                }

                var (packets, bytes) = ReadCounter(element);
                var (address, port) = KernelEntry.ReadLocal(key);
                onCounter(rtcp, address, port, packets, bytes);
            }
        });
    }

    private static (long Packets, long Bytes) ReadCounter(ReadOnlySpan<byte> element)
    {
        var expression = NetlinkAttributes.Find(element, ElementExpression);
        if (expression.IsEmpty)
        {
            expression = NetlinkAttributes.Find(NetlinkAttributes.Find(element, ElementExpressions), ListElement);
        }

        var data = NetlinkAttributes.Find(expression, ExpressionData);
        var packets = NetlinkAttributes.Find(data, CounterPackets);
        var bytes = NetlinkAttributes.Find(data, CounterBytes);
        return (packets.Length == 8 ? (long)BinaryPrimitives.ReadUInt64BigEndian(packets) : 0,
            bytes.Length == 8 ? (long)BinaryPrimitives.ReadUInt64BigEndian(bytes) : 0);
    }

    private int BeginBatch()
    {
        _writer.Reset();
        int message = _writer.BeginMessage(BatchBegin, FlagRequest, _socket.NextSequence(), FamilyUnspecified, SubsystemNfTables);
        _writer.EndMessage(message);
        return message;
    }

    private void EndBatch(int batchStart)
    {
        // The last real message asks for an acknowledgement, so success is confirmed; errors are always reported.
        _writer.AddFlagsToLastMessage(batchStart, FlagAck);
        int message = _writer.BeginMessage(BatchEnd, FlagRequest, _socket.NextSequence(), FamilyUnspecified, SubsystemNfTables);
        _writer.EndMessage(message);
    }

    private void WriteTableMessage(ushort type, ushort extraFlags, uint? flags)
    {
        int message = _writer.BeginMessage(type, (ushort)(FlagRequest | extraFlags), _socket.NextSequence(), FamilyIPv4);
        _writer.PutString(TableName, Name);
        if (flags is { } value)
        {
            _writer.PutU32(TableFlags, value);
        }

        _writer.EndMessage(message);
    }

    private void WriteSet(string name, uint id, uint keyLength, uint keyType, uint dataLength, uint dataType, bool counter)
    {
        int message = _writer.BeginMessage(NewSet, FlagRequest | FlagCreate, _socket.NextSequence(), FamilyIPv4);
        _writer.PutString(SetTable, Name);
        _writer.PutString(SetName, name);
        _writer.PutU32(SetFlags, SetFlagMap);
        _writer.PutU32(SetKeyType, keyType);
        _writer.PutU32(SetKeyLength, keyLength);
        _writer.PutU32(SetDataType, dataType);
        _writer.PutU32(SetDataLength, dataLength);
        _writer.PutU32(SetId, id);
        int description = _writer.BeginNested(SetDescription);
        _writer.PutU32(SetDescriptionSize, (uint)Capacity);
        _writer.EndNested(description);
        if (counter)
        {
            int expression = _writer.BeginNested(SetExpression);
            _writer.PutString(ExpressionName, "counter");
            _writer.EndNested(_writer.BeginNested(ExpressionData));
            _writer.EndNested(expression);
        }

        _writer.EndMessage(message);
    }

    private void WriteChain(string name, uint hook, int priority)
    {
        int message = _writer.BeginMessage(NewChain, FlagRequest | FlagCreate, _socket.NextSequence(), FamilyIPv4);
        _writer.PutString(ChainTable, Name);
        _writer.PutString(ChainName, name);
        int hookAttribute = _writer.BeginNested(ChainHook);
        _writer.PutU32(HookNumber, hook);
        _writer.PutU32(HookPriority, (uint)priority);
        _writer.EndNested(hookAttribute);
        _writer.PutU32(ChainPolicy, VerdictAccept);
        _writer.PutString(ChainType, "filter");
        _writer.EndMessage(message);
    }

    private void WritePreroutingRule(string set, uint setId, bool skipRtcp)
    {
        int message = BeginRule("pre");
        MatchUdp();
        if (skipRtcp)
        {
            // RFC 5761: a second payload byte of 192-223 is RTCP on a multiplexed port; user space routes it.
            Expression("payload", () => PayloadLoad(Register1, BaseTransport, 9, 1));
            Expression("range", () =>
            {
                _writer.PutU32(RangeSourceRegister, Register1);
                _writer.PutU32(RangeOperator, RangeNotEqual);
                PutValue(RangeFrom, [192]);
                PutValue(RangeTo, [223]);
            });
        }

        Expression("payload", () => PayloadLoad(Register32, BaseNetwork, 12, 4));
        Expression("payload", () => PayloadLoad(Register32 + 1, BaseTransport, 0, 2));
        Expression("payload", () => PayloadLoad(Register32 + 2, BaseNetwork, 16, 4));
        Expression("payload", () => PayloadLoad(Register32 + 3, BaseTransport, 2, 2));
        Lookup(set, setId, Register32, Register32 + 4);
        Expression("meta", () =>
        {
            _writer.PutU32(MetaKey, MetaMark);
            _writer.PutU32(MetaSourceRegister, Register32 + 4);
        });
        Expression("payload", () => PayloadWrite(Register32 + 5, BaseNetwork, 16, 4, checksumOffset: 10, ChecksumFlagL4PseudoHeader));
        Expression("payload", () => PayloadWrite(Register32 + 6, BaseTransport, 2, 2, checksumOffset: 6, 0));
        Expression("notrack", null);
        Accept();
        EndRule(message);
    }

    private void WritePostroutingRule()
    {
        int message = BeginRule("post");
        MatchUdp();
        Expression("meta", () =>
        {
            _writer.PutU32(MetaKey, MetaMark);
            _writer.PutU32(MetaDestinationRegister, Register32);
        });
        Lookup(OutSet, OutSetId, Register32, Register32 + 1);
        Expression("payload", () => PayloadWrite(Register32 + 1, BaseNetwork, 12, 4, checksumOffset: 10, ChecksumFlagL4PseudoHeader));
        Expression("payload", () => PayloadWrite(Register32 + 2, BaseTransport, 0, 2, checksumOffset: 6, 0));
        EndRule(message);
    }

    private int BeginRule(string chain)
    {
        int message = _writer.BeginMessage(NewRule, FlagRequest | FlagCreate | FlagAppend, _socket.NextSequence(), FamilyIPv4);
        _writer.PutString(RuleTable, Name);
        _writer.PutString(RuleChain, chain);
        _expressions = _writer.BeginNested(RuleExpressions);
        return message;
    }

    private void EndRule(int message)
    {
        _writer.EndNested(_expressions);
        _writer.EndMessage(message);
    }

    private void MatchUdp()
    {
        Expression("meta", () =>
        {
            _writer.PutU32(MetaKey, MetaL4Protocol);
            _writer.PutU32(MetaDestinationRegister, Register1);
        });
        Expression("cmp", () =>
        {
            _writer.PutU32(CompareSourceRegister, Register1);
            _writer.PutU32(CompareOperator, CompareEqual);
            PutValue(CompareData, [17]);
        });
    }

    /// <summary>Looks the key in <paramref name="keyRegister"/> up in a map, its data into <paramref name="dataRegister"/> (no element: the rule stops).</summary>
    private void Lookup(string set, uint setId, uint keyRegister, uint dataRegister) => Expression("lookup", () =>
    {
        _writer.PutString(LookupSet, set);
        _writer.PutU32(LookupSetId, setId);
        _writer.PutU32(LookupSourceRegister, keyRegister);
        _writer.PutU32(LookupDestinationRegister, dataRegister);
    });

    private void Accept() => Expression("immediate", () =>
    {
        _writer.PutU32(ImmediateDestinationRegister, RegisterVerdict);
        int data = _writer.BeginNested(ImmediateData);
        int verdict = _writer.BeginNested(DataVerdict);
        _writer.PutU32(VerdictCode, VerdictAccept);
        _writer.EndNested(verdict);
        _writer.EndNested(data);
    });

    private void Expression(string name, Action? data)
    {
        int element = _writer.BeginNested(ListElement);
        _writer.PutString(ExpressionName, name);
        if (data is not null)
        {
            int nested = _writer.BeginNested(ExpressionData);
            data();
            _writer.EndNested(nested);
        }

        _writer.EndNested(element);
    }

    private void PayloadLoad(uint register, uint payloadBase, uint offset, uint length)
    {
        _writer.PutU32(PayloadDestinationRegister, register);
        _writer.PutU32(PayloadBase, payloadBase);
        _writer.PutU32(PayloadOffset, offset);
        _writer.PutU32(PayloadLength, length);
    }

    private void PayloadWrite(uint register, uint payloadBase, uint offset, uint length, uint checksumOffset, uint checksumFlags)
    {
        _writer.PutU32(PayloadSourceRegister, register);
        _writer.PutU32(PayloadBase, payloadBase);
        _writer.PutU32(PayloadOffset, offset);
        _writer.PutU32(PayloadLength, length);
        _writer.PutU32(PayloadChecksumType, ChecksumInet);
        _writer.PutU32(PayloadChecksumOffset, checksumOffset);
        _writer.PutU32(PayloadChecksumFlags, checksumFlags);
    }

    private void PutValue(ushort type, ReadOnlySpan<byte> value)
    {
        int nested = _writer.BeginNested(type);
        _writer.PutBytes(DataValue, value);
        _writer.EndNested(nested);
    }

    private void WriteElements(ushort type, ushort extraFlags, IReadOnlyCollection<KernelEntry> entries)
    {
        // Each entry has one element in its incoming map (@rtp or @rtcp) and one in @out: one message a map, in that order.
        Span<byte> key = stackalloc byte[KeyLength];
        Span<byte> data = stackalloc byte[DataLength];
        WriteElementMessage(type, extraFlags, RtpSet, entries, key, data);
        WriteElementMessage(type, extraFlags, RtcpSet, entries, key, data);
        WriteElementMessage(type, extraFlags, OutSet, entries, key, data);
    }

    /// <summary>One message with the elements of <paramref name="set"/> that <paramref name="entries"/> have (none: no
    /// message); deletions name the key only.</summary>
    private void WriteElementMessage(ushort type, ushort extraFlags, string set, IReadOnlyCollection<KernelEntry> entries, Span<byte> key, Span<byte> data)
    {
        int message = -1;
        int list = 0;
        foreach (var entry in entries)
        {
            int keyLength;
            int dataLength;
            if (set == OutSet)
            {
                entry.WriteMarkKey(key);
                entry.WriteOutData(data);
                (keyLength, dataLength) = (4, OutDataLength);
            }
            else if (entry.Rtcp == (set == RtcpSet))
            {
                entry.WriteKey(key);
                entry.WriteData(data);
                (keyLength, dataLength) = (KeyLength, DataLength);
            }
            else
            {
                continue;
            }

            if (message < 0)
            {
                message = BeginElements(type, extraFlags, set, out list);
            }

            WriteElement(key[..keyLength], type == DeleteSetElement ? default : data[..dataLength]);
        }

        EndElements(message, list);
    }

    private int BeginElements(ushort type, ushort extraFlags, string set, out int list)
    {
        int message = _writer.BeginMessage(type, (ushort)(FlagRequest | extraFlags), _socket.NextSequence(), FamilyIPv4);
        _writer.PutString(ElementListTable, Name);
        _writer.PutString(ElementListSet, set);
        list = _writer.BeginNested(ElementListElements);
        return message;
    }

    private void EndElements(int message, int list)
    {
        if (message < 0)
        {
            return;
        }

        _writer.EndNested(list);
        _writer.EndMessage(message);
    }

    private void WriteElement(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        int element = _writer.BeginNested(ListElement);
        PutValue(ElementKey, key);
        if (!data.IsEmpty)
        {
            PutValue(ElementData, data);
        }

        _writer.EndNested(element);
    }
}
