namespace RtcOnAws.MediaNode.WebRtc.Tests.Srtp;

/// <summary>Test vectors as the RFCs print them: hex with spaces.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
