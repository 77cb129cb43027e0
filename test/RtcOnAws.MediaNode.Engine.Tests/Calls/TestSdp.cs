using System.Net;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

/// <summary>Small SDP bodies pointing at test peers.</summary>
internal static class TestSdp
{
    public static string Audio(IPEndPoint rtp, params string[] mediaAttributes) =>
        "v=0\r\n"
        + $"o=- 1 1 IN IP4 {rtp.Address}\r\n"
        + "s=-\r\n"
        + $"c=IN IP4 {rtp.Address}\r\n"
        + "t=0 0\r\n"
        + $"m=audio {rtp.Port} RTP/AVP 0 8\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + string.Concat(mediaAttributes.Select(a => a + "\r\n"));

    public static string AudioVideo(IPEndPoint audio, int videoPort) =>
        Audio(audio) + $"m=video {videoPort} RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";

    /// <summary>The address of the session's c= line, after checking that the o= line carries the same.</summary>
    public static string ConnectionAddress(string sdp)
    {
        var lines = sdp.Split("\r\n");
        var connection = lines.First(l => l.StartsWith("c=IN IP4 ", StringComparison.Ordinal))["c=IN IP4 ".Length..];
        var origin = lines.First(l => l.StartsWith("o=", StringComparison.Ordinal)).Split(' ')[^1];
        return origin == connection ? connection : $"c= {connection} but o= {origin}";
    }

    /// <summary>The port on the first m= line with the given media type.</summary>
    public static int PortOf(string sdp, string mediaType = "audio")
    {
        var line = sdp.Split("\r\n").First(l => l.StartsWith($"m={mediaType} ", StringComparison.Ordinal));
        return int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
