using System.Net;
using System.Net.Sockets;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Calls;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary>
/// Builds the statistics part of <c>query</c> and <c>delete</c> replies in rtpengine's shape: <c>created</c>,
/// <c>last signal</c>, <c>tags</c> → <c>medias</c> → <c>streams</c> (one RTP and one RTCP stream per media, with
/// <c>endpoint</c>, <c>advertised endpoint</c> and <c>stats</c>), and <c>totals</c> for RTP and RTCP.
/// </summary>
public static class CallStatisticsFormatter
{
    /// <summary>Adds the statistics of <paramref name="call"/> to <paramref name="reply"/>.</summary>
    public static BencodeDictionaryBuilder AddTo(BencodeDictionaryBuilder reply, Call call)
    {
        long rtpPackets = 0, rtpBytes = 0, rtcpPackets = 0, rtcpBytes = 0, errors = 0;
        var tags = new BencodeDictionaryBuilder();
        foreach (var leg in call.Legs)
        {
            var medias = new List<BencodeValue>();
            foreach (var media in leg.Medias)
            {
                var streams = new List<BencodeValue>();
                var flags = new List<BencodeValue>();
                if (media.Stream is { } stream)
                {
                    var counters = stream.Counters;
                    rtpPackets += counters.RtpPackets;
                    rtpBytes += counters.RtpBytes;
                    rtcpPackets += counters.RtcpPackets;
                    rtcpBytes += counters.RtcpBytes;
                    errors += counters.Errors;
                    flags.Add(BencodeValue.FromString("initialized"));
                    if (stream.RtcpMux)
                    {
                        flags.Add(BencodeValue.FromString("rtcp-mux"));
                    }

                    streams.Add(Stream(stream.RtpPort, stream.LearnedRtp ?? stream.RemoteRtp, media.ExpectedRtp, counters.RtpPackets, counters.RtpBytes, counters.Errors, counters.LastPacketUtc, "RTP"));
                    streams.Add(Stream(stream.RtcpPort, stream.LearnedRtcp ?? stream.RemoteRtcp, media.ExpectedRtcp, counters.RtcpPackets, counters.RtcpBytes, 0, counters.LastPacketUtc, "RTCP"));
                }

                var mediaEntry = new BencodeDictionaryBuilder()
                    .Add("index", media.Index)
                    .Add("type", media.MediaType)
                    .Add("protocol", media.Protocol)
                    .Add("flags", flags)
                    .Add("streams", streams);
                if (media.WebRtc is { } webrtc)
                {
                    AddWebRtc(mediaEntry, webrtc);
                }

                medias.Add(mediaEntry.Build());
            }

            var tag = new BencodeDictionaryBuilder()
                .Add("tag", leg.Tag)
                .Add("created", leg.CreatedUnixSeconds)
                .Add("medias", medias);
            if (leg.Label is not null)
            {
                tag.Add("label", leg.Label);
            }

            if (call.OtherLeg(leg) is { } other)
            {
                tag.Add("in dialogue with", other.Tag);
            }

            tags.Add(leg.Tag, tag);
        }

        return reply
            .Add("created", call.CreatedUnixSeconds)
            .Add("last signal", call.LastSignalUnixSeconds)
            .Add("tags", tags)
            .Add("totals", new BencodeDictionaryBuilder()
                .Add("RTP", Stats(rtpPackets, rtpBytes, errors))
                .Add("RTCP", Stats(rtcpPackets, rtcpBytes, 0)));
    }

    /// <summary>ICE and DTLS of a WebRTC leg: a handshake that never completes shows as "timed out", and STUN or
    /// DTLS a stranger sends shows in the drop counters.</summary>
    private static void AddWebRtc(BencodeDictionaryBuilder media, WebRtcMedia webrtc)
    {
        var statistics = webrtc.Ice.Statistics;
        var ice = new BencodeDictionaryBuilder()
            .Add("ufrag", webrtc.Ice.LocalCredentials.UsernameFragment)
            .Add("consent", webrtc.Ice.HasConsent ? 1 : 0)
            .Add("checks answered", statistics.Answered)
            .Add("nominations", statistics.Nominations)
            .Add("dropped malformed", statistics.DroppedMalformed)
            .Add("dropped unknown username", statistics.DroppedUnknownUsername)
            .Add("dropped bad integrity", statistics.DroppedBadIntegrity);
        if (webrtc.Ice.SelectedRemote is { } selected)
        {
            ice.Add("selected", Endpoint(selected));
        }

        var leg = webrtc.Leg;
        var dtls = new BencodeDictionaryBuilder()
            .Add("state", leg is null ? "waiting for answer" : DtlsState(leg.Dtls.State))
            .Add("setup", webrtc.LocalSetup)
            .Add("keyed", leg?.IsKeyed == true ? 1 : 0)
            .Add("dropped datagrams", leg is null ? 0 : leg.Dtls.DroppedDatagrams + leg.DroppedForeignDtls);
        media.Add("ICE", ice).Add("DTLS", dtls);
    }

    private static string DtlsState(WebRtc.Dtls.DtlsSessionState state) => state switch
    {
        WebRtc.Dtls.DtlsSessionState.New => "new",
        WebRtc.Dtls.DtlsSessionState.Handshaking => "handshaking",
        WebRtc.Dtls.DtlsSessionState.Connected => "connected",
        WebRtc.Dtls.DtlsSessionState.TimedOut => "timed out",
        WebRtc.Dtls.DtlsSessionState.FingerprintMismatch => "fingerprint mismatch",
        WebRtc.Dtls.DtlsSessionState.Failed => "failed",
        _ => "closed",
    };

    private static BencodeDictionaryBuilder Stats(long packets, long bytes, long errors) =>
        new BencodeDictionaryBuilder().Add("packets", packets).Add("bytes", bytes).Add("errors", errors);

    private static BencodeValue Stream(int localPort, IPEndPoint? endpoint, IPEndPoint? advertised, long packets, long bytes, long errors, DateTimeOffset? lastPacket, string kind)
    {
        var stream = new BencodeDictionaryBuilder()
            .Add("local port", localPort)
            .Add("stats", Stats(packets, bytes, errors))
            .Add("flags", [BencodeValue.FromString(kind)]);
        if (endpoint is not null)
        {
            stream.Add("endpoint", Endpoint(endpoint));
        }

        if (advertised is not null)
        {
            stream.Add("advertised endpoint", Endpoint(advertised));
        }

        if (lastPacket is { } last)
        {
            stream.Add("last packet", last.ToUnixTimeSeconds());
        }

        return stream.Build();
    }

    private static BencodeDictionaryBuilder Endpoint(IPEndPoint endpoint) => new BencodeDictionaryBuilder()
        .Add("family", endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")
        .Add("address", endpoint.Address.ToString())
        .Add("port", endpoint.Port);
}
