using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.WebRtc.Stun;

/// <summary>MESSAGE-INTEGRITY (RFC 5389 15.4) with ICE's short-term credential: HMAC-SHA1 keyed with the password.</summary>
public static class StunIntegrity
{
    /// <summary>A STUN message we accept fits one Ethernet MTU, so the HMAC input is copied to the stack.</summary>
    public const int MaxMessageLength = 1500;

    public static bool Verify(in StunMessage message, ReadOnlySpan<byte> key)
    {
        if (!message.HasIntegrity || message.Packet.Length > MaxMessageLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[StunConstants.MessageIntegrityLength];
        Compute(message.Packet, message.IntegrityOffset, key, expected);
        var actual = message.Packet.Slice(message.IntegrityOffset + 4, StunConstants.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>HMAC over the message up to the MESSAGE-INTEGRITY attribute, with the header's length field set
    /// as if that attribute were the last one (what the sender hashed).</summary>
    public static void Compute(ReadOnlySpan<byte> packet, int integrityOffset, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        Span<byte> covered = stackalloc byte[MaxMessageLength];
        covered = covered[..integrityOffset];
        packet[..integrityOffset].CopyTo(covered);
        var lengthThroughIntegrity = integrityOffset + 4 + StunConstants.MessageIntegrityLength - StunConstants.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(covered.Slice(2, 2), (ushort)lengthThroughIntegrity);
        HMACSHA1.HashData(key, covered, destination);
    }
}
