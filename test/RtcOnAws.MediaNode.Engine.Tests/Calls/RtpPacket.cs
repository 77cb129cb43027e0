namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

internal static class RtpPacket
{
    /// <summary>A PCMU RTP packet (12-byte header + 160 bytes) whose payload encodes <paramref name="sequence"/>.</summary>
    public static byte[] Create(ushort sequence, byte fill)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        packet[1] = 0x00;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet.AsSpan(12).Fill(fill);
        return packet;
    }
}
