using System.Buffers.Binary;
using System.IO.Hashing;

namespace RtcOnAws.MediaNode.WebRtc.Stun;

/// <summary>
/// A parsed view over one STUN datagram (RFC 5389). It copies nothing: offsets point into the caller's buffer,
/// so answering a consent check costs no allocation. Only the attributes ICE-lite needs are located.
/// </summary>
public readonly ref struct StunMessage
{
    private readonly ReadOnlySpan<byte> _packet;

    private StunMessage(ReadOnlySpan<byte> packet, ushort type, int usernameOffset, int usernameLength,
        int integrityOffset, bool hasFingerprint, bool useCandidate, uint priority, bool iceControlling)
    {
        _packet = packet;
        Type = type;
        UsernameOffset = usernameOffset;
        UsernameLength = usernameLength;
        IntegrityOffset = integrityOffset;
        HasFingerprint = hasFingerprint;
        UseCandidate = useCandidate;
        Priority = priority;
        IceControlling = iceControlling;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> TransactionId => _packet.Slice(8, StunConstants.TransactionIdLength);

    /// <summary>The whole message including the 20-byte header.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    public ReadOnlySpan<byte> Username => UsernameOffset < 0 ? default : _packet.Slice(UsernameOffset, UsernameLength);

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, or -1 when absent.</summary>
    public int IntegrityOffset { get; }

    public bool HasIntegrity => IntegrityOffset >= 0;

    public bool HasFingerprint { get; }

    public bool UseCandidate { get; }

    public uint Priority { get; }

    public bool IceControlling { get; }

    private int UsernameOffset { get; }

    private int UsernameLength { get; }

    /// <summary>RFC 7983: a STUN message starts with a byte 0-3 (the two top bits of the type are zero).</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> packet) =>
        packet.Length >= StunConstants.HeaderLength && packet[0] <= 3
        && BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4)) == StunConstants.MagicCookie;

    /// <summary>Parses and checks the framing and, when present, the FINGERPRINT. Integrity is checked separately
    /// because its key (the ICE password) depends on the leg the USERNAME names.</summary>
    public static StunParseResult TryParse(ReadOnlySpan<byte> packet, out StunMessage message)
    {
        message = default;
        if (packet.Length < StunConstants.HeaderLength)
        {
            return StunParseResult.TooShort;
        }

        if (!LooksLikeStun(packet))
        {
            return StunParseResult.NotStun;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet);
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2));
        if ((length & 3) != 0 || StunConstants.HeaderLength + length != packet.Length)
        {
            return StunParseResult.LengthMismatch;
        }

        int usernameOffset = -1, usernameLength = 0, integrityOffset = -1;
        var hasFingerprint = false;
        var useCandidate = false;
        var iceControlling = false;
        uint priority = 0;
        var offset = StunConstants.HeaderLength;
        while (offset < packet.Length)
        {
            if (hasFingerprint)
            {
                return StunParseResult.AttributeAfterFingerprint;
            }

            if (packet.Length - offset < 4)
            {
                return StunParseResult.MalformedAttribute;
            }

            var attributeType = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset, 2));
            int attributeLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2, 2));
            var valueOffset = offset + 4;
            var padded = (attributeLength + 3) & ~3;
            if (padded > packet.Length - valueOffset)
            {
                return StunParseResult.MalformedAttribute;
            }

            // RFC 5389 15.4: only FINGERPRINT may follow MESSAGE-INTEGRITY; anything else is not covered by the HMAC.
            if (integrityOffset >= 0 && attributeType != StunConstants.AttributeFingerprint)
            {
                return StunParseResult.MalformedAttribute;
            }

            switch (attributeType)
            {
                case StunConstants.AttributeUsername:
                    usernameOffset = valueOffset;
                    usernameLength = attributeLength;
                    break;
                case StunConstants.AttributeMessageIntegrity:
                    if (attributeLength != StunConstants.MessageIntegrityLength)
                    {
                        return StunParseResult.MalformedAttribute;
                    }

                    integrityOffset = offset;
                    break;
                case StunConstants.AttributeFingerprint:
                    if (attributeLength != StunConstants.FingerprintValueLength)
                    {
                        return StunParseResult.MalformedAttribute;
                    }

                    var expected = Crc32.HashToUInt32(packet[..offset]) ^ StunConstants.FingerprintXor;
                    if (BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(valueOffset, 4)) != expected)
                    {
                        return StunParseResult.BadFingerprint;
                    }

                    hasFingerprint = true;
                    break;
                case StunConstants.AttributeUseCandidate:
                    useCandidate = true;
                    break;
                case StunConstants.AttributePriority when attributeLength == 4:
                    priority = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(valueOffset, 4));
                    break;
                case StunConstants.AttributeIceControlling:
                    iceControlling = true;
                    break;
            }

            offset = valueOffset + padded;
        }

        message = new StunMessage(packet, type, usernameOffset, usernameLength, integrityOffset, hasFingerprint,
            useCandidate, priority, iceControlling);
        return StunParseResult.Ok;
    }
}
