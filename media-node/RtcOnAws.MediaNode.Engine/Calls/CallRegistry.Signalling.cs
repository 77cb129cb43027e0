using System.Net;
using System.Net.Sockets;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Engine.Sdp;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>Offer/answer: allocate both sides' streams on offer (as rtpengine does), complete them on answer.</summary>
public sealed partial class CallRegistry
{
    /// <summary>
    /// Processes an offer: allocates (or, on a re-offer, reuses) one stream per media facing each party, peers them, and
    /// returns the SDP for the answerer, which points at the streams facing the answerer. On any error nothing changes
    /// and no port stays allocated.
    /// </summary>
    public string Offer(OfferAnswerRequest request)
    {
        RequireDistinctTags(request);
        var sdp = ParseSdp(request.Sdp);
        lock (_gate)
        {
            var isNew = !_calls.TryGetValue(request.CallId, out var call);
            var now = NowUnixSeconds();
            call ??= new Call(request.CallId, now, _time.GetTimestamp());
            var offerer = call.FindLeg(request.FromTag);
            var answerer = request.ToTag is { Length: > 0 } toTag ? call.FindLeg(toTag) : null;
            if (offerer is not null && ReferenceEquals(offerer, answerer))
            {
                throw new NgRequestException("from-tag and to-tag must name different parties");
            }

            answerer ??= offerer is not null ? call.OtherLeg(offerer) : call.LegList.Find(leg => leg.Tag.Length == 0);
            var newLegs = (offerer is null ? 1 : 0) + (answerer is null ? 1 : 0);
            if (call.LegList.Count + newLegs > 2)
            {
                throw new NgRequestException(
                    $"call '{request.CallId}' already has two parties ({string.Join(", ", call.LegList.Select(l => $"'{l.Tag}'"))}); from-tag '{request.FromTag}' is not one of them");
            }

            offerer ??= new CallLeg(request.FromTag, now);
            answerer ??= new CallLeg(request.ToTag ?? string.Empty, now);
            var learning = request.EndpointLearning ?? _options.DefaultEndpointLearning;
            var allocated = new List<RelayStream>();
            // Sized exactly: the legs keep these lists for the whole call.
            var offererMedias = new List<CallMedia>(sdp.Medias.Count);
            var answererMedias = new List<CallMedia>(sdp.Medias.Count);
            var towardsAnswerer = new (string? Protocol, IReadOnlyList<string>? Crypto)[sdp.Medias.Count];
            try
            {
                for (var i = 0; i < sdp.Medias.Count; i++)
                {
                    var media = sdp.Medias[i];
                    var (rtp, rtcp) = ExpectedEndpoints(request, sdp, media);
                    var reuseOfferer = MediaAt(offerer, i)?.Stream;
                    var reuseAnswerer = MediaAt(answerer, i)?.Stream;
                    var offererWebRtc = !media.IsRejected && SenderIsWebRtc(request, media);
                    var answererWebRtc = !media.IsRejected && RecipientIsWebRtc(request, media);
                    var answererMuxOnly = request.RtcpMux.HasFlag(RtcpMuxFlags.Require) || answererWebRtc;
                    RelayStream? offererStream = null;
                    RelayStream? answererStream = null;
                    if (!media.IsRejected)
                    {
                        // A WebRTC party multiplexes RTP, RTCP, STUN and DTLS on one port (RFC 8843/7983).
                        offererStream = reuseOfferer is not null && reuseOfferer.RtcpMux == offererWebRtc ? reuseOfferer : Allocate(offererWebRtc, allocated);
                        answererStream = reuseAnswerer is not null && reuseAnswerer.RtcpMux == answererMuxOnly ? reuseAnswerer : Allocate(answererMuxOnly, allocated);
                    }

                    var previousOfferer = MediaAt(offerer, i);
                    var previousAnswerer = MediaAt(answerer, i);

                    offererMedias.Add(new CallMedia(media.Index, media.MediaType, media.Protocol, offererStream)
                    {
                        ExpectedRtp = rtp,
                        ExpectedRtcp = rtcp,
                        RtcpMuxOffered = media.HasRtcpMux,
                        EndpointLearning = learning,
                        WebRtc = offererWebRtc
                            ? SenderWebRtc(ReferenceEquals(previousOfferer?.Stream, offererStream) ? previousOfferer?.WebRtc : null, request, sdp, media)
                            : null,
                    });
                    var previous = previousAnswerer;
                    answererMedias.Add(new CallMedia(media.Index, media.MediaType, media.Protocol, answererStream)
                    {
                        ExpectedRtp = previous?.ExpectedRtp,
                        ExpectedRtcp = previous?.ExpectedRtcp,
                        RtcpMuxOffered = previous?.RtcpMuxOffered ?? false,
                        EndpointLearning = learning,
                        WebRtc = answererWebRtc
                            ? RecipientWebRtc(ReferenceEquals(previous?.Stream, answererStream) ? previous?.WebRtc : null, request)
                            : null,
                    });
                    if (!media.IsRejected)
                    {
                        towardsAnswerer[i] = NegotiateOffer(request, media, offererMedias[i], MediaAt(offerer, i), answererMedias[i], previous);
                    }
                }
            }
            catch
            {
                foreach (var stream in allocated)
                {
                    stream.Dispose();
                }

                throw;
            }

            ReleaseReplaced(offerer, offererMedias);
            ReleaseReplaced(answerer, answererMedias);
            offerer.MediaList = offererMedias;
            answerer.MediaList = answererMedias;
            offerer.Label = request.Label ?? offerer.Label;
            offerer.ViaBranch = request.ViaBranch ?? offerer.ViaBranch;
            if (request.SenderInterface is not null || request.RecipientInterface is not null)
            {
                offerer.InterfaceName = request.SenderInterface;
                answerer.InterfaceName = request.RecipientInterface;
            }

            if (request.ToTag is { Length: > 0 })
            {
                answerer.Tag = request.ToTag;
            }

            foreach (var leg in new[] { offerer, answerer })
            {
                if (!call.LegList.Contains(leg))
                {
                    call.LegList.Add(leg);
                }
            }

            foreach (var stream in allocated)
            {
                Track(call, stream);
            }

            ApplyToRelay(offererMedias, answererMedias);
            call.OffererTag = offerer.Tag;
            call.RtcpMux = request.RtcpMux;
            call.LastSignalUnixSeconds = now;
            call.LastSignalTimestamp = _time.GetTimestamp();
            if (isNew)
            {
                _calls.Add(call.CallId, call);
                Interlocked.Increment(ref _managedCalls);
            }

            var rewrites = new List<SdpMediaRewrite>();
            var anyWebRtc = false;
            var iceLite = false;
            for (var i = 0; i < sdp.Medias.Count; i++)
            {
                var stream = answererMedias[i].Stream;
                if (stream is null)
                {
                    rewrites.Add(new SdpMediaRewrite(null, 0, RtcpMuxChange.Keep));
                    continue;
                }

                var change = OfferMuxChange(request.RtcpMux);
                var muxToAnswerer = change == RtcpMuxChange.Add || (change == RtcpMuxChange.Keep && sdp.Medias[i].HasRtcpMux);
                var rewrite = new SdpMediaRewrite(
                    stream.RtpPort, muxToAnswerer || stream.RtcpMux ? stream.RtpPort : stream.RtcpPort, change, towardsAnswerer[i].Protocol, towardsAnswerer[i].Crypto);
                if (answererMedias[i].WebRtc is { } webrtc)
                {
                    rewrite = ToWebRtcParty(rewrite, webrtc, towardsAnswerer[i].Protocol ?? WebRtcSdp.Protocol, AdvertisedAddressOf(answerer), stream.RtpPort);
                    iceLite = true;
                }
                else if (offererMedias[i].WebRtc is not null)
                {
                    rewrite = rewrite with { RemoveDtls = true };
                }

                anyWebRtc |= answererMedias[i].WebRtc is not null || offererMedias[i].WebRtc is not null;
                rewrites.Add(rewrite);
            }

            NotifyChanged(call);
            var options = WithWebRtc(new SdpRewriteOptions(AdvertisedAddressOf(answerer), request.ReplaceOrigin, RemoveIce: true), anyWebRtc, iceLite);
            return SdpRewriter.Rewrite(sdp, options, rewrites);
        }
    }

    /// <summary>
    /// Processes an answer from the party named by <see cref="OfferAnswerRequest.ToTag"/> to the offer of
    /// <see cref="OfferAnswerRequest.FromTag"/>, and returns the SDP for the offerer (pointing at the streams facing it).
    /// </summary>
    public string Answer(OfferAnswerRequest request)
    {
        RequireDistinctTags(request);
        var sdp = ParseSdp(request.Sdp);
        lock (_gate)
        {
            if (!_calls.TryGetValue(request.CallId, out var call))
            {
                throw new NgRequestException($"unknown call-id '{request.CallId}'");
            }

            var offerer = call.FindLeg(request.FromTag)
                ?? throw new NgRequestException($"unknown from-tag '{request.FromTag}' in call '{request.CallId}'");
            var answerer = (request.ToTag is { Length: > 0 } toTag ? call.FindLeg(toTag) : null) ?? call.OtherLeg(offerer)
                ?? throw new NgRequestException($"call '{request.CallId}' has no answering party for from-tag '{request.FromTag}'");
            if (ReferenceEquals(offerer, answerer))
            {
                throw new NgRequestException("from-tag and to-tag must name different parties");
            }

            if (sdp.Medias.Count != offerer.MediaList.Count)
            {
                throw new NgRequestException(
                    $"sdp: the answer has {sdp.Medias.Count} media sections but the offer had {offerer.MediaList.Count}");
            }

            var expected = new (IPEndPoint? Rtp, IPEndPoint? Rtcp)[sdp.Medias.Count];
            for (var i = 0; i < sdp.Medias.Count; i++)
            {
                if (!sdp.Medias[i].IsRejected && offerer.MediaList[i].IsRejected)
                {
                    throw new NgRequestException($"sdp: answer media {i + 1} is active but the offer rejected it (port 0)");
                }

                expected[i] = ExpectedEndpoints(request, sdp, sdp.Medias[i]);
            }

            var rewrites = new List<SdpMediaRewrite>();
            var anyWebRtc = false;
            var iceLite = false;
            for (var i = 0; i < sdp.Medias.Count; i++)
            {
                var media = sdp.Medias[i];
                var offererMedia = offerer.MediaList[i];
                var answererMedia = answerer.MediaList[i];
                if (media.IsRejected)
                {
                    offererMedia.WebRtc?.Dispose();
                    answererMedia.WebRtc?.Dispose();
                    offererMedia.Stream?.Dispose();
                    answererMedia.Stream?.Dispose();
                    offererMedia.Stream = null;
                    answererMedia.Stream = null;
                    rewrites.Add(new SdpMediaRewrite(null, 0, RtcpMuxChange.Keep));
                    continue;
                }

                answererMedia.ExpectedRtp = expected[i].Rtp;
                answererMedia.ExpectedRtcp = expected[i].Rtcp;
                answererMedia.RtcpMuxOffered = media.HasRtcpMux;
                answererMedia.EndpointLearning = request.EndpointLearning ?? answererMedia.EndpointLearning;
                if (answererMedia.WebRtc is { } answererWebRtc)
                {
                    if (WebRtcSdp.IsWebRtc(media.Protocol))
                    {
                        AcceptAnswer(answererWebRtc, sdp, media);
                    }
                    else
                    {
                        // The recipient declined WebRTC and answered plain RTP: relay it as such.
                        answererWebRtc.Dispose();
                        answererMedia.WebRtc = null;
                    }
                }

                var stream = offererMedia.Stream!;
                var change = AnswerMuxChange(call.RtcpMux, offererMedia.RtcpMuxOffered);
                var muxToOfferer = change == RtcpMuxChange.Add || (change == RtcpMuxChange.Keep && media.HasRtcpMux);
                var (protocol, crypto) = NegotiateAnswer(request, media, offererMedia, answererMedia);
                var rewrite = new SdpMediaRewrite(stream.RtpPort, muxToOfferer ? stream.RtpPort : stream.RtcpPort, change, protocol, crypto);
                if (offererMedia.WebRtc is { } offererWebRtc)
                {
                    rewrite = ToWebRtcParty(rewrite, offererWebRtc, offererMedia.Protocol, AdvertisedAddressOf(offerer), stream.RtpPort);
                    iceLite = true;
                }
                else if (answererMedia.WebRtc is not null)
                {
                    rewrite = rewrite with { RemoveDtls = true };
                }

                anyWebRtc |= offererMedia.WebRtc is not null || answererMedia.WebRtc is not null;
                rewrites.Add(rewrite);
            }

            if (request.ToTag is { Length: > 0 })
            {
                answerer.Tag = request.ToTag;
            }

            answerer.Label = request.Label ?? answerer.Label;
            answerer.ViaBranch = request.ViaBranch ?? answerer.ViaBranch;
            ApplyToRelay(offerer.MediaList, answerer.MediaList);
            // Both WebRTC parties start here: a WebRTC offerer can only check and handshake once it has our answer,
            // so its handshake timeout must not run while the callee is ringing.
            StartWebRtc(call.CallId, offerer.MediaList);
            StartWebRtc(call.CallId, answerer.MediaList);
            call.LastSignalUnixSeconds = NowUnixSeconds();
            call.LastSignalTimestamp = _time.GetTimestamp();
            NotifyChanged(call);
            var options = WithWebRtc(new SdpRewriteOptions(AdvertisedAddressOf(offerer), request.ReplaceOrigin, RemoveIce: true), anyWebRtc, iceLite);
            return SdpRewriter.Rewrite(sdp, options, rewrites);
        }
    }

    // The address the party reaches this node's ports at: its interface's (e.g. the Elastic IP toward the internet).
    private IPAddress AdvertisedAddressOf(CallLeg party) =>
        party.InterfaceName is { } name && _options.InterfaceAddresses.TryGetValue(name, out var address) ? address : _options.AdvertisedAddress;

    private static void RequireDistinctTags(OfferAnswerRequest request)
    {
        if (request.ToTag == request.FromTag)
        {
            throw new NgRequestException($"from-tag and to-tag are both '{request.FromTag}'; they must name different parties");
        }
    }

    private static SdpDocument ParseSdp(string text) =>
        SdpDocument.Parse(text, out var error) ?? throw new NgRequestException(error!);

    private static CallMedia? MediaAt(CallLeg? leg, int index) =>
        leg is not null && index < leg.MediaList.Count ? leg.MediaList[index] : null;

    private static RtcpMuxChange OfferMuxChange(RtcpMuxFlags flags) =>
        (flags & (RtcpMuxFlags.Reject | RtcpMuxFlags.Demux)) != 0 ? RtcpMuxChange.Remove
        : (flags & (RtcpMuxFlags.Offer | RtcpMuxFlags.Require)) != 0 ? RtcpMuxChange.Add
        : RtcpMuxChange.Keep;

    private static RtcpMuxChange AnswerMuxChange(RtcpMuxFlags flags, bool offererOfferedMux) =>
        !offererOfferedMux || flags.HasFlag(RtcpMuxFlags.Reject) ? RtcpMuxChange.Remove
        : (flags & (RtcpMuxFlags.Demux | RtcpMuxFlags.Accept)) != 0 ? RtcpMuxChange.Add
        : RtcpMuxChange.Keep;

    // Streams the previous media list held that the new one does not reuse (re-offer with fewer or rejected media).
    private static void ReleaseReplaced(CallLeg leg, List<CallMedia> replacement)
    {
        foreach (var old in leg.MediaList)
        {
            if (old.Stream is { } stream && !replacement.Exists(media => ReferenceEquals(media.Stream, stream)))
            {
                old.WebRtc?.Dispose();
                stream.Dispose();
            }
        }
    }

    private static void ApplyToRelay(IReadOnlyList<CallMedia> first, IReadOnlyList<CallMedia> second)
    {
        for (var i = 0; i < first.Count; i++)
        {
            var a = first[i];
            var b = second[i];
            if (a.Stream is null || b.Stream is null)
            {
                continue;
            }

            // On a WebRTC leg ICE nomination, not the SDP, decides where media goes, and its WebRtcLeg is the
            // transform (WebRtcLeg.Attach); SDES and plain legs take theirs from the media.
            if (a.WebRtc is null)
            {
                a.Stream.ExpectRemote(a.ExpectedRtp, a.ExpectedRtcp, a.EndpointLearning);
                a.Stream.Transform = a.Transform;
            }

            if (b.WebRtc is null)
            {
                b.Stream.ExpectRemote(b.ExpectedRtp, b.ExpectedRtcp, b.EndpointLearning);
                b.Stream.Transform = b.Transform;
            }
            a.Stream.SetPeer(b.Stream);
            b.Stream.SetPeer(a.Stream);
        }
    }

    private (IPEndPoint? Rtp, IPEndPoint? Rtcp) ExpectedEndpoints(OfferAnswerRequest request, SdpDocument sdp, SdpMediaSection media)
    {
        if (media.IsRejected)
        {
            return (null, null);
        }

        var connection = sdp.ConnectionOf(media)!;
        var address = request.MediaAddress
            ?? (request.AddressSource == MediaAddressSource.SipSource ? request.ReceivedFrom : null)
            ?? connection.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return (null, null);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != _options.AdvertisedAddress.AddressFamily)
        {
            var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
            throw new NgRequestException(
                $"media {media.Index} address {address} is {family} but the node's interface {_options.AdvertisedAddress} is {SdpConnection.AddressType(_options.AdvertisedAddress)}");
        }

        var rtcpPort = media.HasRtcpMux && media.RtcpPort is null ? media.Port : media.RtcpPort ?? media.Port + 1;
        return (new IPEndPoint(address, media.Port), rtcpPort <= IPEndPoint.MaxPort ? new IPEndPoint(address, rtcpPort) : null);
    }

    private RelayStream Allocate(bool rtcpMux, List<RelayStream> allocated)
    {
        if (!_ports.TryAllocate(rtcpMux, _options.FreeBind, out var stream))
        {
            throw new NgRequestException(
                $"no free media ports: all {_ports.Capacity} port pairs in {_ports.MinPort}-{_ports.MaxPort} are in use or bound by another process");
        }

        allocated.Add(stream);
        return stream;
    }
}
