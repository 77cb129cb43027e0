using RtcOnAws.MediaNode.WebRtc.Srtp;
using Xunit;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Srtp;

/// <summary>Runs an <see cref="SrtpContext"/> operation on a copy of a test packet and returns the result, failing the
/// test when the context refuses it.</summary>
internal static class SrtpPackets
{
    internal delegate SrtpResult Operation(Span<byte> packet, ref int length);

    /// <summary>Protects a copy of <paramref name="plain"/> in a buffer with room for the tag.</summary>
    public static byte[] Protect(Operation operation, byte[] plain)
    {
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        int length = plain.Length;
        Assert.Equal(SrtpResult.Ok, operation(buffer, ref length));
        return buffer[..length];
    }

    /// <summary>Verifies and decrypts a copy of <paramref name="protectedPacket"/>.</summary>
    public static byte[] Unprotect(Operation operation, byte[] protectedPacket)
    {
        var buffer = protectedPacket.ToArray();
        int length = buffer.Length;
        Assert.Equal(SrtpResult.Ok, operation(buffer, ref length));
        return buffer[..length];
    }
}
