using System.Net;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Demux;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Srtp;
using RtcOnAws.MediaNode.WebRtc.Stun;

namespace RtcOnAws.MediaNode.WebRtc.Legs;

/// <summary>
/// Makes a relay stream a WebRTC leg: STUN goes to the ICE-lite agent, whose nomination (and nothing else) decides
/// where media goes; DTLS goes to the handshake, but only from the ICE-validated peer; once the handshake exports
/// keys, an SRTP transform built from them protects and unprotects media. Until then, and whenever consent has
/// lapsed (RFC 7675), nothing is sent to the peer.
/// </summary>
public sealed class WebRtcLeg : IMediaControlHandler, IMediaTransform, IDtlsDatagramSender, IDisposable
{
    private readonly RelayStream _stream;
    private readonly Func<DtlsSrtpKeys, SrtpTransform> _srtpFactory;
    private readonly byte[] _stunResponse = new byte[StunIntegrity.MaxMessageLength];
    private readonly Lock _stunLock = new();
    private DtlsSession _dtls;
    private SrtpTransform? _srtp;
    private DtlsSrtpKeys? _keys;
    private IPEndPoint? _nominated;
    private SrtpTransform? _confirmedByPeer;
    private long _foreignDtls;

    public WebRtcLeg(RelayStream stream, IceLiteAgent ice, WebRtcLegOptions options, TimeProvider time,
        Func<DtlsSrtpKeys, SrtpTransform> srtpFactory)
    {
        _stream = stream;
        _srtpFactory = srtpFactory;
        Ice = ice;
        Time = time;
        Options = options;
        _dtls = CreateDtls(options);
    }

    public IceLiteAgent Ice { get; }

    public WebRtcLegOptions Options { get; private set; }

    public DtlsSession Dtls => Volatile.Read(ref _dtls);

    /// <summary>DTLS datagrams from a source ICE has not validated: another association or a stranger.</summary>
    public long DroppedForeignDtls => Interlocked.Read(ref _foreignDtls);

    /// <summary>Raised (on the handshake thread) once SRTP keys are attached: the call snapshot changed.</summary>
    public event EventHandler? Keyed;

    /// <summary>True once SRTP keys are attached.</summary>
    public bool IsKeyed => Volatile.Read(ref _srtp) is not null;

    /// <summary>The keys in use (from the handshake or a restore); null before.</summary>
    public DtlsSrtpKeys? Keys => Volatile.Read(ref _keys);

    /// <summary>The SRTP contexts in use, for their per-SSRC state in the call snapshot; null before keys.</summary>
    public SrtpTransform? Srtp => Volatile.Read(ref _srtp);

    private TimeProvider Time { get; }

    /// <summary>Hooks the leg into the stream and starts the handshake: as DTLS client we send the ClientHello once
    /// ICE has validated a peer; as server we wait for it.</summary>
    public void Attach()
    {
        _stream.ExpectRemote(null, null, EndpointLearning.Strict);
        _stream.Transform = this;
        _stream.ControlHandler = this;
        StartDtlsIfReady();
    }

    /// <summary>A re-offer that changes the fingerprint or setup starts a fresh handshake; media keeps its current
    /// keys until the new ones are exported.</summary>
    public void Renegotiate(WebRtcLegOptions options)
    {
        if (options.RemoteFingerprint.Equals(Options.RemoteFingerprint) && options.Role == Options.Role)
        {
            Options = options;
            return;
        }

        Options = options;
        var previous = Interlocked.Exchange(ref _dtls, CreateDtls(options));
        previous.Dispose();
        StartDtlsIfReady();
    }

    /// <summary>
    /// The HA standby's attach: the keys, SRTP positions and ICE pair the active node used, so media continues without
    /// a handshake (a browser never starts one on its own). No DTLS runs; a re-offer with a new fingerprint starts one.
    /// </summary>
    public void AttachRestored(DtlsSrtpKeys keys, IReadOnlyList<SrtpSourceSnapshot> inbound, IReadOnlyList<SrtpSourceSnapshot> outbound, IPEndPoint? selected)
    {
        var srtp = _srtpFactory(keys);
        foreach (var source in inbound)
        {
            srtp.Inbound.Restore(source);
        }

        foreach (var source in outbound)
        {
            srtp.Outbound.Restore(source);
        }

        Volatile.Write(ref _keys, keys);
        Volatile.Write(ref _srtp, srtp);
        _stream.ExpectRemote(null, null, EndpointLearning.Strict);
        _stream.Transform = this;
        _stream.ControlHandler = this;
        if (selected is not null)
        {
            Ice.RestoreSelected(selected);
            _nominated = selected;
            _stream.SetLearnedRemote(selected, null);
        }
    }

    public void Handle(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        switch (MediaPacketClassifier.Classify(datagram))
        {
            case MediaPacketKind.Stun:
                HandleStun(datagram, source);
                break;
            case MediaPacketKind.Dtls:
                var peer = Ice.ValidatedRemote;
                if (peer is null || !peer.Equals(source))
                {
                    Interlocked.Increment(ref _foreignDtls);
                    return;
                }

                Dtls.Deliver(datagram);
                break;
        }
    }

    public MediaTransformResult Unprotect(Span<byte> packet, ref int length, bool rtcp)
    {
        var srtp = Volatile.Read(ref _srtp);
        if (srtp is null)
        {
            return MediaTransformResult.NotKeyed;
        }

        var result = srtp.Unprotect(packet, ref length, rtcp);
        if (result == MediaTransformResult.Relay && !ReferenceEquals(_confirmedByPeer, srtp))
        {
            // The peer's first authenticated packet under these keys: it finished the handshake, so the DTLS thread
            // that waits for its retransmissions can go (one thread per handshake, not per call for 30 s).
            _confirmedByPeer = srtp;
            Dtls.PeerKeyed();
        }

        return result;
    }

    public MediaTransformResult Protect(Span<byte> packet, ref int length, bool rtcp)
    {
        var srtp = Volatile.Read(ref _srtp);
        if (srtp is null || !Ice.HasConsent)
        {
            return MediaTransformResult.NotKeyed;
        }

        return srtp.Protect(packet, ref length, rtcp);
    }

    bool IDtlsDatagramSender.IsOpen => !_stream.IsDisposed;

    void IDtlsDatagramSender.Send(ReadOnlySpan<byte> datagram)
    {
        var peer = Ice.ValidatedRemote;
        if (peer is not null)
        {
            _stream.SendControl(datagram, peer);
        }
    }

    public void Dispose()
    {
        _stream.ControlHandler = null;
        Dtls.Dispose();
    }

    private void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        lock (_stunLock)
        {
            var outcome = Ice.HandleStun(datagram, source, _stunResponse, out var responseLength);
            if (outcome is not (IceCheckOutcome.Answered or IceCheckOutcome.Nominated))
            {
                return;
            }

            var selected = Ice.SelectedRemote;
            if (selected is not null && !selected.Equals(_nominated))
            {
                // The only place the media destination changes: a check that proved knowledge of our ICE password.
                _nominated = selected;
                _stream.SetLearnedRemote(selected, null);
            }

            _stream.SendControl(_stunResponse.AsSpan(0, responseLength), source);
        }

        StartDtlsIfReady();
    }

    private void StartDtlsIfReady()
    {
        var dtls = Dtls;
        if (dtls.State == DtlsSessionState.New && (Options.Role == DtlsRole.Server || Ice.ValidatedRemote is not null))
        {
            dtls.Start();
        }
    }

    private DtlsSession CreateDtls(WebRtcLegOptions options)
    {
        var session = new DtlsSession(options.Certificate, options.RemoteFingerprint, options.Role, this, Time);
        session.Keys.ContinueWith(
            done =>
            {
                Volatile.Write(ref _keys, done.Result);
                Volatile.Write(ref _srtp, _srtpFactory(done.Result));
                Keyed?.Invoke(this, EventArgs.Empty);
            },
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return session;
    }
}
