using System.Collections.Concurrent;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Engine.Sdp;
using RtcOnAws.MediaNode.WebRtc.Sdes;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// SDES-SRTP bridging (RFC 4568), as rtpengine does it: the node terminates SRTP on every SDES leg with keys of its
/// own, so one party may speak SRTP and the other plain RTP (or SRTP under other keys). The offerer's key is chosen
/// from its offer (first usable line); the answerer is offered one fresh key per allowed suite and picks one by tag.
/// </summary>
public sealed partial class CallRegistry
{
    /// <summary>Calls with a rollover save queued and not yet taken (see <see cref="SaveAfterRollover"/>).</summary>
    private readonly ConcurrentDictionary<string, byte> _rolloverSavesWaiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Decides both parties' transports for one offered media section and prepares the keys; returns the protocol
    /// and <c>a=crypto</c> values of the SDP towards the answerer. Throws <see cref="NgRequestException"/> when the
    /// offer cannot be bridged; nothing is applied to the relay here.
    /// </summary>
    private (string Protocol, IReadOnlyList<string> Crypto) NegotiateOffer(
        OfferAnswerRequest request, SdpMediaSection media, CallMedia offerer, CallMedia? previousOfferer, CallMedia answerer, CallMedia? previousAnswerer)
    {
        var towardsAnswerer = request.TransportProtocol is null or OfferAnswerRequest.AcceptTransportProtocol ? media.Protocol : request.TransportProtocol;
        offerer.Transport = MediaTransports.Of(media.Protocol);
        answerer.Transport = MediaTransports.Of(towardsAnswerer);
        if (offerer.Transport == MediaTransport.SdesSrtp)
        {
            var remote = ChooseOfferedKey(media, request.Sdes);
            if (previousOfferer is { RemoteCrypto: { } previousRemote, LocalCrypto: { } previousLocal, Transform: { } previousTransform }
                && previousRemote.Format() == remote.Format())
            {
                // A re-offer with the same key keeps the contexts, so rollover counters and replay windows carry on.
                offerer.RemoteCrypto = previousRemote;
                offerer.LocalCrypto = previousLocal;
                offerer.Transform = previousTransform;
            }
            else
            {
                offerer.RemoteCrypto = remote;
                offerer.LocalCrypto = SdesCryptoAttribute.Generate(remote.Tag, remote.Profile);
                offerer.Transform = CreateTransform(request.CallId, remote, offerer.LocalCrypto);
            }
        }

        if (answerer.Transport != MediaTransport.SdesSrtp)
        {
            return (towardsAnswerer, []);
        }

        var allowed = request.Sdes.Allowed;
        if (allowed.Count == 0)
        {
            throw new NgRequestException($"media {media.Index}: {towardsAnswerer} towards the answerer needs SDES keys, but SDES is off or excludes every suite");
        }

        // A re-offer to a party already keyed offers its agreed key again and keeps media flowing until it answers.
        if (previousAnswerer is { LocalCrypto: { } agreed } && allowed.Contains(agreed.Profile))
        {
            answerer.OfferedCrypto = [agreed];
            answerer.RemoteCrypto = previousAnswerer.RemoteCrypto;
            answerer.LocalCrypto = agreed;
            answerer.Transform = previousAnswerer.Transform;
        }
        else
        {
            answerer.OfferedCrypto = allowed.Select((profile, i) => SdesCryptoAttribute.Generate(i + 1, profile)).ToArray();
        }

        return (towardsAnswerer, answerer.OfferedCrypto.Select(crypto => crypto.Format()).ToArray());
    }

    /// <summary>
    /// Keys the answerer's leg from its answer and returns the protocol and <c>a=crypto</c> values of the SDP towards
    /// the offerer (the offerer's own protocol, or the answerer's with <c>transport-protocol: accept</c>).
    /// </summary>
    private (string Protocol, IReadOnlyList<string> Crypto) NegotiateAnswer(
        OfferAnswerRequest request, SdpMediaSection media, CallMedia offerer, CallMedia answerer)
    {
        var answered = MediaTransports.Of(media.Protocol);
        if (answered == MediaTransport.SdesSrtp)
        {
            if (answerer.OfferedCrypto.Count == 0)
            {
                throw new NgRequestException($"media {media.Index}: the answer is {media.Protocol} but the offer towards the answerer carried no SDES keys");
            }

            var (remote, local) = ChooseAnsweredKey(media, answerer.OfferedCrypto);
            if (answerer is not { RemoteCrypto: { } previousRemote, Transform: not null } || previousRemote.Format() != remote.Format() || !ReferenceEquals(answerer.LocalCrypto, local))
            {
                answerer.RemoteCrypto = remote;
                answerer.LocalCrypto = local;
                answerer.Transform = CreateTransform(request.CallId, remote, local);
            }
        }
        else
        {
            answerer.RemoteCrypto = null;
            answerer.LocalCrypto = null;
            answerer.Transform = null;
        }

        answerer.Transport = answered;
        answerer.OfferedCrypto = [];
        var towardsOfferer = offerer.Protocol;
        if (request.TransportProtocol == OfferAnswerRequest.AcceptTransportProtocol && (answered == offerer.Transport || answered == MediaTransport.Rtp))
        {
            towardsOfferer = media.Protocol;
            if (answered == MediaTransport.Rtp)
            {
                offerer.Transport = MediaTransport.Rtp;
                offerer.RemoteCrypto = null;
                offerer.LocalCrypto = null;
                offerer.Transform = null;
            }
        }

        return (towardsOfferer, offerer.LocalCrypto is { } ours ? [ours.Format()] : []);
    }

    /// <summary>The SRTP contexts of a leg; a rollover in either direction re-saves the call so the standby has the counter.</summary>
    private SrtpTransform CreateTransform(string callId, SdesCryptoAttribute remote, SdesCryptoAttribute local)
    {
        var transform = new SrtpTransform(new SrtpContext(remote.Key), new SrtpContext(local.Key));
        transform.Inbound.RolloverAdvanced += () => SaveAfterRollover(callId);
        transform.Outbound.RolloverAdvanced += () => SaveAfterRollover(callId);
        return transform;
    }

    /// <summary>
    /// Called on an event loop: hands the save to the thread pool, at most one waiting per call. A rollover is rare
    /// (once per 65,536 packets of a stream), but a sender whose sequence numbers jump about (broken, or hostile on the
    /// unauthenticated plain side, whose numbers the protecting side continues) could otherwise queue a save and wake a
    /// thread per packet; a save that is still waiting will snapshot the newest counters anyway.
    /// </summary>
    private void SaveAfterRollover(string callId)
    {
        // Nothing replicates calls (no HA pair): a save would notify no one. Observers are added at start-up, before
        // media flows, so reading the count without the lock sees them.
        if (_observers.Count == 0 || !_rolloverSavesWaiting.TryAdd(callId, 0))
        {
            return;
        }

        ThreadPool.QueueUserWorkItem(
            _ =>
            {
                lock (_gate)
                {
                    // Cleared under the lock, just before the snapshot: a rollover from here on queues the next save.
                    _rolloverSavesWaiting.TryRemove(callId, out byte _);
                    if (_calls.TryGetValue(callId, out var call))
                    {
                        NotifyChanged(call);
                    }
                }
            });
    }

    /// <summary>The first of the offerer's <c>a=crypto</c> lines we can use, or an error listing why none fits.</summary>
    private static SdesCryptoAttribute ChooseOfferedKey(SdpMediaSection media, SdesOptions options)
    {
        var reasons = new List<string>();
        foreach (var line in media.Crypto)
        {
            if (!SdesCryptoAttribute.TryParse(line, out var crypto, out var error))
            {
                reasons.Add(error!);
            }
            else if (!options.Allowed.Contains(crypto!.Profile))
            {
                reasons.Add($"{SdesSuiteNames.Name(crypto.Profile)} is excluded by SDES flags");
            }
            else
            {
                return crypto;
            }
        }

        throw new NgRequestException(media.Crypto.Count == 0
            ? $"media {media.Index}: {media.Protocol} without a=crypto (SDES) is not supported"
            : $"media {media.Index}: no usable a=crypto line ({string.Join("; ", reasons)})");
    }

    /// <summary>The answer's <c>a=crypto</c> line that accepts one of ours (same tag and suite), with our line it accepts.</summary>
    private static (SdesCryptoAttribute Remote, SdesCryptoAttribute Local) ChooseAnsweredKey(SdpMediaSection media, IReadOnlyList<SdesCryptoAttribute> offered)
    {
        var reasons = new List<string>();
        foreach (var line in media.Crypto)
        {
            if (!SdesCryptoAttribute.TryParse(line, out var crypto, out var error))
            {
                reasons.Add(error!);
                continue;
            }

            var ours = offered.FirstOrDefault(candidate => candidate.Tag == crypto!.Tag && candidate.Profile == crypto.Profile);
            if (ours is null)
            {
                reasons.Add($"tag {crypto!.Tag} {SdesSuiteNames.Name(crypto.Profile)} was not offered");
            }
            else
            {
                return (crypto!, ours);
            }
        }

        throw new NgRequestException(media.Crypto.Count == 0
            ? $"media {media.Index}: the answer is {media.Protocol} without a=crypto"
            : $"media {media.Index}: the answer accepts none of the offered a=crypto lines ({string.Join("; ", reasons)})");
    }

    /// <summary>The SDES state of one party's media for the HA store; null for a plain leg.</summary>
    private static SdesSnapshot? SdesSnapshotOf(CallMedia media) =>
        media.RemoteCrypto is null && media.LocalCrypto is null && media.OfferedCrypto.Count == 0
            ? null
            : new SdesSnapshot(
                media.RemoteCrypto?.Format(),
                media.LocalCrypto?.Format(),
                media.OfferedCrypto.Select(crypto => crypto.Format()).ToArray(),
                media.Transform?.Inbound.Snapshot() ?? [],
                media.Transform?.Outbound.Snapshot() ?? []);

    /// <summary>Rebuilds a party's SDES keys and SRTP contexts from the HA store, continuing its rollover counters.</summary>
    private void RestoreSdes(string callId, CallMedia media, SdesSnapshot sdes)
    {
        media.Transport = MediaTransport.SdesSrtp;
        media.RemoteCrypto = ParseStored(sdes.Remote);
        media.LocalCrypto = ParseStored(sdes.Local);
        media.OfferedCrypto = sdes.Offered.Select(value => ParseStored(value)!).ToArray();
        if (media.RemoteCrypto is { } remote && media.LocalCrypto is { } local)
        {
            media.Transform = CreateTransform(callId, remote, local);
            foreach (var source in sdes.Inbound)
            {
                media.Transform.Inbound.Restore(source);
            }

            foreach (var source in sdes.Outbound)
            {
                media.Transform.Outbound.Restore(source);
            }
        }
    }

    private static SdesCryptoAttribute? ParseStored(string? value) =>
        value is null ? null
        : SdesCryptoAttribute.TryParse(value, out var crypto, out var error) ? crypto
        : throw new CallRestoreException($"stored SDES key is unusable: {error}");
}
