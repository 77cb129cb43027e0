using System.Net;
using RtcOnAws.MediaNode.Engine.Sdp;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Sdp;

public sealed class SdpRewriterTests
{
    private static readonly IPAddress Node = IPAddress.Parse("10.0.0.5");

    public static TheoryData<string, SdpMediaRewrite[], SdpRewriteOptions, string> Rewrites => new()
    {
        {
            RealWorldSdp.DeskPhone,
            [new(30000, 30001, RtcpMuxChange.Keep)],
            new(Node, ReplaceOrigin: false, RemoveIce: true),
            RealWorldSdp.DeskPhone.Replace("c=IN IP4 192.0.2.10", "c=IN IP4 10.0.0.5", StringComparison.Ordinal)
                .Replace("m=audio 2222 ", "m=audio 30000 ", StringComparison.Ordinal)
        },
        {
            RealWorldSdp.DeskPhone,
            [new(30000, 30001, RtcpMuxChange.Add)],
            new(Node, ReplaceOrigin: true, RemoveIce: false),
            RealWorldSdp.DeskPhone.Replace("c=IN IP4 192.0.2.10", "c=IN IP4 10.0.0.5", StringComparison.Ordinal)
                .Replace("IN IP4 192.0.2.10", "IN IP4 10.0.0.5", StringComparison.Ordinal)
                .Replace("m=audio 2222 ", "m=audio 30000 ", StringComparison.Ordinal) + "a=rtcp-mux\r\n"
        },
        {
            RealWorldSdp.SoftphoneAudioVideo,
            [new(30010, 30011, RtcpMuxChange.Keep), new(30020, 30021, RtcpMuxChange.Keep)],
            new(Node, ReplaceOrigin: false, RemoveIce: true),
            "v=0\r\n"
            + "o=- 3912345678 3912345679 IN IP4 198.51.100.7\r\n"
            + "s=Linphone\r\n"
            + "t=0 0\r\n"
            + "m=audio 30010 RTP/AVP 96 0 8 101\r\n"
            + "c=IN IP4 10.0.0.5\r\n"
            + "a=rtpmap:96 opus/48000/2\r\n"
            + "a=fmtp:96 useinbandfec=1\r\n"
            + "a=rtcp:30011 IN IP4 10.0.0.5\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "m=video 30020 RTP/AVP 96\r\n"
            + "c=IN IP4 10.0.0.5\r\n"
            + "a=rtpmap:96 VP8/90000\r\n"
            + "a=rtcp:30021\r\n"
            + "a=rtcp-fb:96 nack pli\r\n"
        },
        {
            RealWorldSdp.Browser,
            [new(30100, 30100, RtcpMuxChange.Keep)],
            new(Node, ReplaceOrigin: false, RemoveIce: true),
            "v=0\r\n"
            + "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "t=0 0\r\n"
            + "a=group:BUNDLE 0\r\n"
            + "a=msid-semantic: WMS\r\n"
            + "m=audio 30100 RTP/SAVPF 111 0\r\n"
            + "c=IN IP4 10.0.0.5\r\n"
            + "a=rtcp:30100 IN IP4 10.0.0.5\r\n"
            + "a=fingerprint:sha-256 49:66:12:17:0D:1C:91:AE:57:4C:C6:36:DD:D5:97:D2:7D:62:C9:9A:7F:B9:A3:F4:70:03:E7:43:91:73:23:5E\r\n"
            + "a=setup:actpass\r\n"
            + "a=mid:0\r\n"
            + "a=sendrecv\r\n"
            + "a=rtcp-mux\r\n"
            + "a=rtpmap:111 opus/48000/2\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
        },
        {
            RealWorldSdp.Browser,
            [new(30100, 30101, RtcpMuxChange.Remove)],
            new(Node, ReplaceOrigin: false, RemoveIce: false),
            RealWorldSdp.Browser.Replace("m=audio 54400 ", "m=audio 30100 ", StringComparison.Ordinal)
                .Replace("c=IN IP4 203.0.113.20", "c=IN IP4 10.0.0.5", StringComparison.Ordinal)
                .Replace("a=rtcp:9 IN IP4 0.0.0.0", "a=rtcp:30101 IN IP4 10.0.0.5", StringComparison.Ordinal)
                .Replace("a=rtcp-mux\r\n", string.Empty, StringComparison.Ordinal)
        },
        {
            RealWorldSdp.LineFeedsWithRejectedVideo,
            [new(30200, 30201, RtcpMuxChange.Add), new(null, 0, RtcpMuxChange.Add)],
            new(IPAddress.Parse("2001:db8::99"), ReplaceOrigin: true, RemoveIce: true),
            "v=0\n"
            + "o=user 1 1 IN IP6 2001:db8::99\n"
            + "s=call\n"
            + "c=IN IP6 2001:db8::99\n"
            + "t=0 0\n"
            + "m=audio 30200 RTP/AVP 8\n"
            + "a=rtpmap:8 PCMA/8000\n"
            + "a=rtcp-mux\n"
            + "m=video 0 RTP/AVP 31\n"
            + "a=inactive"
        },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public void RewritesOnlyAddressesPortsAndRequestedAttributes(string input, SdpMediaRewrite[] medias, SdpRewriteOptions options, string expected)
    {
        var document = SdpDocument.Parse(input, out var error);
        Assert.True(document is not null, error);

        var output = SdpRewriter.Rewrite(document, options, medias);

        Assert.Equal(expected, output);
    }

    [Fact]
    public void ParsesMediaDetailsTheCallLogicNeeds()
    {
        var document = SdpDocument.Parse(RealWorldSdp.SoftphoneAudioVideo, out _)!;

        Assert.Null(document.Connection);
        Assert.Equal(2, document.Medias.Count);
        Assert.Equal(("audio", 7078, "RTP/AVP", 7079), (document.Medias[0].MediaType, document.Medias[0].Port, document.Medias[0].Protocol, document.Medias[0].RtcpPort));
        Assert.Equal(IPAddress.Parse("198.51.100.7"), document.ConnectionOf(document.Medias[1])!.Address);
        Assert.True(SdpDocument.Parse(RealWorldSdp.Browser, out _)!.Medias[0].HasRtcpMux);
        Assert.True(SdpDocument.Parse(RealWorldSdp.LineFeedsWithRejectedVideo, out _)!.Medias[1].IsRejected);
    }

    [Theory]
    [InlineData("", "first line must be 'v=0'")]
    [InlineData("v=1\r\n", "first line must be 'v=0'")]
    [InlineData("v=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 1 RTP/AVP 0\r\n", "no o= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", "line 2: o= must have 6 fields")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nhello\r\n", "line 3: expected '<letter>=<value>'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 example.com\r\n", "not a literal IP4 address")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 2001:db8::1\r\n", "not a literal IP4 address")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP9 1.2.3.4\r\n", "c= line must be")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n", "m= port '70000'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 1000 RTP/AVP\r\n", "m= must be")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 1000 RTP/AVP 0\r\n", "media 1 (audio) has no c= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nm=audio 1000 RTP/AVP 0\r\na=rtcp:x\r\n", "a=rtcp port 'x'")]
    public void RejectsUnusableSdpNamingTheProblem(string input, string reason)
    {
        Assert.Null(SdpDocument.Parse(input, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
