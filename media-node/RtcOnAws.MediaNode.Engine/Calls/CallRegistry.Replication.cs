using System.Net;
using RtcOnAws.MediaNode.Relay;

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
    /// and <see cref="CallRestoreException"/> says why.
    /// </summary>
    public ValueTask RestoreAsync(CallSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Validate(snapshot);
        lock (_gate)
        {
            var oldStreams = new Dictionary<int, RelayStream>();
            if (_calls.Remove(snapshot.CallId, out var existing))
            {
                foreach (var stream in existing.Streams)
                {
                    oldStreams[stream.RtpPort] = stream;
                }
            }

            var call = new Call(snapshot.CallId, snapshot.CreatedUnixSeconds)
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
                    var leg = new CallLeg(legSnapshot.Tag, legSnapshot.CreatedUnixSeconds) { Label = legSnapshot.Label, ViaBranch = legSnapshot.ViaBranch };
                    foreach (var media in legSnapshot.Medias)
                    {
                        leg.MediaList.Add(RestoreMedia(media, oldStreams, allocated));
                    }

                    call.LegList.Add(leg);
                }

                if (call.LegList.Count == 2)
                {
                    ApplyToRelay(call.LegList[0].MediaList, call.LegList[1].MediaList);
                }

                foreach (var legSnapshot in snapshot.Legs)
                {
                    var leg = call.FindLeg(legSnapshot.Tag)!;
                    for (var i = 0; i < legSnapshot.Medias.Count; i++)
                    {
                        if (leg.MediaList[i].Stream is { } stream && Endpoint(legSnapshot.Medias[i].LearnedRtp) is { } learnedRtp)
                        {
                            stream.SetLearnedRemote(learnedRtp, Endpoint(legSnapshot.Medias[i].LearnedRtcp));
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is not CallRestoreException)
            {
                Release(allocated, oldStreams);
                throw new CallRestoreException($"call '{snapshot.CallId}': {exception.Message}");
            }
            catch
            {
                Release(allocated, oldStreams);
                throw;
            }

            foreach (var unused in oldStreams.Values)
            {
                unused.Dispose();
            }

            foreach (var stream in allocated)
            {
                Track(call.CallId, stream);
            }

            _calls.Add(call.CallId, call);
            return ValueTask.CompletedTask;
        }
    }

    private static void Release(List<RelayStream> allocated, Dictionary<int, RelayStream> oldStreams)
    {
        foreach (var stream in allocated.Concat(oldStreams.Values))
        {
            stream.Dispose();
        }
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

    private CallMedia RestoreMedia(MediaSnapshot media, Dictionary<int, RelayStream> oldStreams, List<RelayStream> allocated)
    {
        RelayStream? stream = null;
        if (!media.IsRejected)
        {
            if (oldStreams.Remove(media.RtpPort, out var old) && old.RtcpMux == media.RtcpMuxOnly)
            {
                stream = old;
            }
            else
            {
                old?.Dispose();
                if (!_ports.TryAllocateExact(media.RtpPort, media.RtcpMuxOnly, freeBind: true, out stream))
                {
                    throw new CallRestoreException($"port {media.RtpPort} (media {media.Index}) is in use or cannot be bound");
                }

                allocated.Add(stream);
            }
        }

        return new CallMedia(media.Index, media.MediaType, media.Protocol, stream)
        {
            ExpectedRtp = Endpoint(media.ExpectedRtp),
            ExpectedRtcp = Endpoint(media.ExpectedRtcp),
            RtcpMuxOffered = media.RtcpMuxOffered,
            EndpointLearning = media.EndpointLearning,
        };
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
                media.EndpointLearning)).ToArray())).ToArray());
}
