namespace RtcOnAws.MediaNode.WebRtc.Stun;

/// <summary>The numbers of RFC 5389 (STUN) and RFC 8445 (ICE) this relay reads and writes.</summary>
public static class StunConstants
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdLength = 12;

    /// <summary>XOR of the CRC-32 in FINGERPRINT, so a STUN packet never looks like another protocol's checksum.</summary>
    public const uint FingerprintXor = 0x5354554E;

    public const int MessageIntegrityLength = 20;
    public const int FingerprintValueLength = 4;

    public const ushort BindingRequest = 0x0001;
    public const ushort BindingSuccessResponse = 0x0101;
    public const ushort BindingErrorResponse = 0x0111;
    public const ushort BindingIndication = 0x0011;

    public const ushort AttributeMappedAddress = 0x0001;
    public const ushort AttributeUsername = 0x0006;
    public const ushort AttributeMessageIntegrity = 0x0008;
    public const ushort AttributeErrorCode = 0x0009;
    public const ushort AttributeXorMappedAddress = 0x0020;
    public const ushort AttributePriority = 0x0024;
    public const ushort AttributeUseCandidate = 0x0025;
    public const ushort AttributeFingerprint = 0x8028;
    public const ushort AttributeIceControlled = 0x8029;
    public const ushort AttributeIceControlling = 0x802A;
}
