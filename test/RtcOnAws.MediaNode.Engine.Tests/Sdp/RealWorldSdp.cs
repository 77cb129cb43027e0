namespace RtcOnAws.MediaNode.Engine.Tests.Sdp;

/// <summary>SDP bodies shaped like the ones real phones and browsers send.</summary>
internal static class RealWorldSdp
{
    /// <summary>A desk phone: one G.711 audio stream, CRLF endings, session-level c=.</summary>
    public const string DeskPhone =
        "v=0\r\n"
        + "o=Polycom 1637485 1637485 IN IP4 192.0.2.10\r\n"
        + "s=Polycom IP Phone\r\n"
        + "c=IN IP4 192.0.2.10\r\n"
        + "t=0 0\r\n"
        + "a=sendrecv\r\n"
        + "m=audio 2222 RTP/AVP 0 8 101\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n"
        + "a=fmtp:101 0-15\r\n"
        + "a=ptime:20\r\n";

    /// <summary>A softphone with audio and video, media-level c= and explicit a=rtcp with address.</summary>
    public const string SoftphoneAudioVideo =
        "v=0\r\n"
        + "o=- 3912345678 3912345679 IN IP4 198.51.100.7\r\n"
        + "s=Linphone\r\n"
        + "t=0 0\r\n"
        + "m=audio 7078 RTP/AVP 96 0 8 101\r\n"
        + "c=IN IP4 198.51.100.7\r\n"
        + "a=rtpmap:96 opus/48000/2\r\n"
        + "a=fmtp:96 useinbandfec=1\r\n"
        + "a=rtcp:7079 IN IP4 198.51.100.7\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n"
        + "m=video 9078 RTP/AVP 96\r\n"
        + "c=IN IP4 198.51.100.7\r\n"
        + "a=rtpmap:96 VP8/90000\r\n"
        + "a=rtcp:9079\r\n"
        + "a=rtcp-fb:96 nack pli\r\n";

    /// <summary>A browser (WebRTC) offer: ICE, rtcp-mux, bundle, RTP/SAVPF, IPv4.</summary>
    public const string Browser =
        "v=0\r\n"
        + "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
        + "s=-\r\n"
        + "t=0 0\r\n"
        + "a=group:BUNDLE 0\r\n"
        + "a=ice-lite\r\n"
        + "a=msid-semantic: WMS\r\n"
        + "m=audio 54400 RTP/SAVPF 111 0\r\n"
        + "c=IN IP4 203.0.113.20\r\n"
        + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
        + "a=candidate:1467250027 1 udp 2122260223 203.0.113.20 54400 typ host generation 0\r\n"
        + "a=candidate:1467250027 2 udp 2122260222 203.0.113.20 54401 typ host generation 0\r\n"
        + "a=end-of-candidates\r\n"
        + "a=ice-ufrag:Oyef7uvBlwafI3hT\r\n"
        + "a=ice-pwd:T0teqPLNQQOf+5W+ls+P2p16\r\n"
        + "a=ice-options:trickle\r\n"
        + "a=fingerprint:sha-256 49:66:12:17:0D:1C:91:AE:57:4C:C6:36:DD:D5:97:D2:7D:62:C9:9A:7F:B9:A3:F4:70:03:E7:43:91:73:23:5E\r\n"
        + "a=setup:actpass\r\n"
        + "a=mid:0\r\n"
        + "a=sendrecv\r\n"
        + "a=rtcp-mux\r\n"
        + "a=rtpmap:111 opus/48000/2\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n";

    /// <summary>LF-only endings, no trailing newline, a rejected video section and an IPv6 audio section.</summary>
    public const string LineFeedsWithRejectedVideo =
        "v=0\n"
        + "o=user 1 1 IN IP6 2001:db8::1\n"
        + "s=call\n"
        + "c=IN IP6 2001:db8::1\n"
        + "t=0 0\n"
        + "m=audio 40000 RTP/AVP 8\n"
        + "a=rtpmap:8 PCMA/8000\n"
        + "m=video 0 RTP/AVP 31\n"
        + "a=inactive";
}
