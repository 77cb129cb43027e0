using System.Net;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>Snapshots and restores, the API the HA layer replicates calls through.</summary>
public sealed partial class CallRegistry
{
    /// <summary>The current state of one call, or null when it does not exist.</summary>
    public CallSnapshot? GetSnapshot(string callId) => Inspect(callId, CreateSnapshot);

    /// <summary>The current state of every call.</summary>
    public IReadOnlyList<CallSnapshot> GetSnapshots()
    {
        lock (_gate)
        {
            return _calls.Values.Select(CreateSnapshot).ToArray();
        }
    }

    /// <summary>
    /// Creates or updates a call so that it binds exactly the ports in <paramref name="snapshot"/> (with IP_FREEBIND,
    /// so a standby can bind the floating address before it owns it), expects the same endpoints, and resumes with the
    /// learned endpoints. Streams already bound on the same ports are kept, so repeated restores of a changing call do
    /// not interrupt it. Observers are not notified (the change came from the replica). On failure the call is removed
    /// and <see cref="CallRestoreException"/> says why. Restores of different calls may run on several threads at once:
    /// new ports are bound before the registry lock is taken, so they bind in parallel.
    /// </summary>
    public ValueTask RestoreAsync(CallSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Validate(snapshot);
        Dictionary<int, RelayStream> prebound;
        try
        {
            prebound = BindNewPorts(snapshot);
        }
        catch (CallRestoreException)
        {
            Forget(snapshot.CallId);
            throw;
        }

        lock (_gate)
        {
            var oldStreams = new Dictionary<int, RelayStream>();
            var existing = _calls.Remove(snapshot.CallId, out var previous) ? previous.Streams.ToArray() : [];
            foreach (var media in previous?.LegList.SelectMany(leg => leg.MediaList) ?? [])
            {
                // Restored again: the new WebRTC legs take over the kept sockets' hooks.
                media.WebRtc?.Dispose();
            }

            foreach (var stream in existing)
            {
                oldStreams[stream.RtpPort] = stream;
            }

            var call = new Call(snapshot.CallId, snapshot.CreatedUnixSeconds, _time.GetTimestamp())
            {
                LastSignalUnixSeconds = snapshot.LastSignalUnixSeconds,
                OffererTag = snapshot.OffererTag,
                RtcpMux = snapshot.RtcpMux,
            };
            var allocated = new List<RelayStream>();
            try
            {
                foreach (var legSnapshot in snapshot.Legs)
                {
                    var leg = new CallLeg(legSnapshot.Tag, legSnapshot.CreatedUnixSeconds)
                    {
                        Label = legSnapshot.Label,
                        ViaBranch = legSnapshot.ViaBranch,
                        InterfaceName = legSnapshot.InterfaceName,
                        MediaList = new(legSnapshot.Medias.Count),
                    };
                    foreach (var media in legSnapshot.Medias)
                    {
                        leg.MediaList.Add(RestoreMedia(snapshot.CallId, media, prebound, oldStreams, allocated));
                    }

                    call.LegList.Add(leg);
                }

                if (call.LegList.Count == 2)
                {
                    ApplyToRelay(call.LegList[0].MediaList, call.LegList[1].MediaList);
                }

                RestoreWebRtc(call, snapshot);

                for (var l = 0; l < snapshot.Legs.Count; l++)
                {
                    var medias = snapshot.Legs[l].Medias;
                    var leg = call.LegList[l];
                    for (var i = 0; i < medias.Count; i++)
                    {
                        if (leg.MediaList[i].WebRtc is null && leg.MediaList[i].Stream is { } stream && Endpoint(medias[i].LearnedRtp) is { } learnedRtp)
                        {
                            stream.SetLearnedRemote(learnedRtp, Endpoint(medias[i].LearnedRtcp));
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is not CallRestoreException)
            {
                Release(allocated, existing, prebound.Values);
                throw new CallRestoreException($"call '{snapshot.CallId}': {exception.Message}");
            }
            catch
            {
                Release(allocated, existing, prebound.Values);
                throw;
            }

            foreach (var unused in oldStreams.Values.Concat(prebound.Values))
            {
                unused.Dispose();
            }

            foreach (var stream in allocated)
            {
                Track(call, stream);
            }

            _calls.Add(call.CallId, call);
            return ValueTask.CompletedTask;
        }
    }

    // A restore that fails drops the call, like the replica's value it came from, without telling observers.
    private void Forget(string callId)
    {
        lock (_gate)
        {
            if (_calls.Remove(callId, out var call))
            {
                Release(call.Streams, [], []);
            }
        }
    }

    // Every stream the failed restore touched: new ones, and all of the removed call's (kept ones included).
    private static void Release(IEnumerable<RelayStream> allocated, IEnumerable<RelayStream> existing, IEnumerable<RelayStream> prebound)
    {
        foreach (var stream in allocated.Concat(existing).Concat(prebound))
        {
            stream.Dispose();
        }
    }

    /// <summary>
    /// Binds, without the registry lock, every port of <paramref name="snapshot"/> the call does not hold already
    /// (a port it holds is kept, so it cannot be bound a second time anyway). Throws <see cref="CallRestoreException"/>
    /// with nothing left bound when a port cannot be had.
    /// </summary>
    private Dictionary<int, RelayStream> BindNewPorts(CallSnapshot snapshot)
    {
        HashSet<int>? held = null;
        lock (_gate)
        {
            if (_calls.TryGetValue(snapshot.CallId, out var existing))
            {
                held = [.. existing.Streams.Select(stream => stream.RtpPort)];
            }
        }

        var bound = new Dictionary<int, RelayStream>();
        try
        {
            foreach (var leg in snapshot.Legs)
            {
                foreach (var media in leg.Medias)
                {
                    if (media.IsRejected || held?.Contains(media.RtpPort) == true || bound.ContainsKey(media.RtpPort))
                    {
                        continue;
                    }

                    if (!_ports.TryAllocateExact(media.RtpPort, media.RtcpMuxOnly, freeBind: true, out var stream))
                    {
                        throw new CallRestoreException($"call '{snapshot.CallId}': port {media.RtpPort} (media {media.Index}) is in use or cannot be bound");
                    }

                    bound.Add(media.RtpPort, stream);
                }
            }
        }
        catch (Exception exception) when (exception is not CallRestoreException)
        {
            Release(bound.Values, [], []);
            throw new CallRestoreException($"call '{snapshot.CallId}': {exception.Message}");
        }
        catch
        {
            Release(bound.Values, [], []);
            throw;
        }

        return bound;
    }

    private static void Validate(CallSnapshot snapshot)
    {
        if (snapshot.Version != CallSnapshot.CurrentVersion)
        {
            throw new CallRestoreException($"call '{snapshot.CallId}': snapshot version {snapshot.Version} is not supported (expected {CallSnapshot.CurrentVersion})");
        }

        if (string.IsNullOrEmpty(snapshot.CallId) || snapshot.Legs is null || snapshot.Legs.Count is < 1 or > 2)
        {
            throw new CallRestoreException($"call '{snapshot.CallId}': a snapshot needs a call id and one or two legs");
        }

        if (snapshot.Legs.Count == 2 && (snapshot.Legs[0].Medias.Count != snapshot.Legs[1].Medias.Count || snapshot.Legs[0].Tag == snapshot.Legs[1].Tag))
        {
            throw new CallRestoreException($"call '{snapshot.CallId}': both legs need distinct tags and the same number of media");
        }
    }

    private static IPEndPoint? Endpoint(string? text) =>
        text is null ? null
        : IPEndPoint.TryParse(text, out var endPoint) ? endPoint
        : throw new CallRestoreException($"'{text}' is not an address:port endpoint");

    private CallMedia RestoreMedia(string callId, MediaSnapshot media, Dictionary<int, RelayStream> prebound, Dictionary<int, RelayStream> oldStreams, List<RelayStream> allocated)
    {
        RelayStream? stream = null;
        if (!media.IsRejected)
        {
            if (prebound.Remove(media.RtpPort, out var fresh))
            {
                stream = fresh;
                allocated.Add(stream);
            }
            else if (oldStreams.Remove(media.RtpPort, out var old) && old.RtcpMux == media.RtcpMuxOnly)
            {
                stream = old;
            }
            else
            {
                // The port was held when the new ports were bound, but not as needed now (rtcp-mux changed, or the call
                // changed in between): bind it here, under the lock.
                old?.Dispose();
                if (!_ports.TryAllocateExact(media.RtpPort, media.RtcpMuxOnly, freeBind: true, out stream))
                {
                    throw new CallRestoreException($"port {media.RtpPort} (media {media.Index}) is in use or cannot be bound");
                }

                allocated.Add(stream);
            }
        }

        var restored = new CallMedia(media.Index, media.MediaType, media.Protocol, stream)
        {
            ExpectedRtp = Endpoint(media.ExpectedRtp),
            ExpectedRtcp = Endpoint(media.ExpectedRtcp),
            RtcpMuxOffered = media.RtcpMuxOffered,
            EndpointLearning = media.EndpointLearning,
            Transport = MediaTransports.Of(media.Protocol),
        };
        if (media.Sdes is { } sdes)
        {
            RestoreSdes(callId, restored, sdes);
        }

        return restored;
    }

    /// <summary>WebRTC legs of a restored call: keyed from the snapshot, media to the ICE pair the active node used
    /// (its learned RTP endpoint). A call restored again replaces its legs (their sockets may be kept).</summary>
    private void RestoreWebRtc(Call call, CallSnapshot snapshot)
    {
        for (var l = 0; l < snapshot.Legs.Count; l++)
        {
            var medias = snapshot.Legs[l].Medias;
            for (var i = 0; i < medias.Count; i++)
            {
                if (medias[i].WebRtc is { } webrtc)
                {
                    var media = call.LegList[l].MediaList[i];
                    media.WebRtc = WebRtcMedia.Restore(webrtc, media.Stream, Endpoint(medias[i].LearnedRtp), _dtlsCertificate, _time,
                        DtlsTransform(call.CallId), KeyedNotifier(call.CallId));
                }
            }
        }
    }

    private CallSnapshot CreateSnapshot(Call call) => new(
        CallSnapshot.CurrentVersion,
        call.CallId,
        call.CreatedUnixSeconds,
        call.LastSignalUnixSeconds,
        call.OffererTag,
        call.RtcpMux,
        call.LegList.Select(leg => new LegSnapshot(
            leg.Tag,
            leg.Label,
            leg.ViaBranch,
            leg.CreatedUnixSeconds,
            leg.MediaList.Select(media => new MediaSnapshot(
                media.Index,
                media.MediaType,
                media.Protocol,
                media.Stream?.RtpPort ?? 0,
                media.Stream?.RtcpPort ?? 0,
                media.Stream?.RtcpMux ?? false,
                media.RtcpMuxOffered,
                media.ExpectedRtp?.ToString(),
                media.ExpectedRtcp?.ToString(),
                media.Stream?.LearnedRtp?.ToString(),
                media.Stream?.LearnedRtcp?.ToString(),
                media.EndpointLearning,
                SdesSnapshotOf(media)) { WebRtc = media.WebRtc?.Snapshot() }).ToArray(),
            leg.InterfaceName)).ToArray());
}
