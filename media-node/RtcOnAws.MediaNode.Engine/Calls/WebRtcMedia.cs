using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Legs;
using RtcOnAws.MediaNode.WebRtc.Srtp;
using System.Net;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// The ICE-lite and DTLS-SRTP state of one party's media on a WebRTC leg: our ICE credentials and <c>a=setup</c>
/// (what our SDP to that party says) and, once the party's own SDP is known, the running <see cref="WebRtcLeg"/>.
/// Guarded by the registry lock like the rest of <see cref="CallMedia"/>.
/// </summary>
public sealed class WebRtcMedia : IDisposable
{
    internal WebRtcMedia(IceLiteAgent ice, string localSetup)
    {
        Ice = ice;
        LocalSetup = localSetup;
    }

    /// <summary>Our ICE-lite agent on this leg.</summary>
    public IceLiteAgent Ice { get; }

    /// <summary>The <c>a=setup</c> value our SDP to this party carries.</summary>
    public string LocalSetup { get; internal set; }

    /// <summary>The party's DTLS fingerprint, once its SDP arrived.</summary>
    public DtlsFingerprint? RemoteFingerprint { get; internal set; }

    /// <summary>The party's ICE ufrag, once its SDP arrived.</summary>
    public string? RemoteIceUfrag { get; internal set; }

    /// <summary>Our DTLS role, once negotiated.</summary>
    public DtlsRole? Role { get; internal set; }

    /// <summary>The running leg; null until the party's SDP arrived.</summary>
    public WebRtcLeg? Leg { get; private set; }

    /// <summary>True when this leg's keys came from a snapshot (HA standby), not from a handshake on this node.</summary>
    public bool IsRestored => Leg is { IsKeyed: true } leg && leg.Dtls.State == DtlsSessionState.New;

    /// <summary>Starts the leg on <paramref name="stream"/>, or renegotiates the running one (a new fingerprint or
    /// role re-handshakes; a new remote ufrag was already applied to the agent as an ICE restart).</summary>
    internal void Start(RelayStream stream, DtlsCertificate certificate, TimeProvider time, Func<DtlsSrtpKeys, SrtpTransform> srtp, Action keyed)
    {
        if (RemoteFingerprint is null || Role is null)
        {
            return;
        }

        var options = new WebRtcLegOptions(certificate, RemoteFingerprint, Role.Value, RemoteIceUfrag);
        if (Leg is null)
        {
            Leg = new WebRtcLeg(stream, Ice, options, time, srtp);
            Leg.Keyed += (_, _) => keyed();
            Leg.Attach();
        }
        else
        {
            Leg.Renegotiate(options);
        }
    }

    /// <summary>The standby's side of <see cref="Snapshot"/>: a leg keyed with the active node's keys, no handshake.</summary>
    internal static WebRtcMedia Restore(WebRtcMediaSnapshot snapshot, RelayStream? stream, IPEndPoint? selected, DtlsCertificate certificate,
        TimeProvider time, Func<DtlsSrtpKeys, SrtpTransform> srtp, Action keyed)
    {
        var webrtc = new WebRtcMedia(new IceLiteAgent(time, new IceCredentials(snapshot.LocalUfrag, snapshot.LocalPassword)), snapshot.LocalSetup)
        {
            RemoteIceUfrag = snapshot.RemoteUfrag,
            RemoteFingerprint = DtlsFingerprint.TryParse(snapshot.RemoteFingerprint),
            Role = snapshot.Role switch { "server" => DtlsRole.Server, "client" => DtlsRole.Client, _ => null },
        };
        webrtc.Ice.SetRemoteUsernameFragment(snapshot.RemoteUfrag);
        if (stream is not null && webrtc.RemoteFingerprint is not null && webrtc.Role is not null)
        {
            webrtc.Leg = new WebRtcLeg(stream, webrtc.Ice,
                new WebRtcLegOptions(certificate, webrtc.RemoteFingerprint, webrtc.Role.Value, snapshot.RemoteUfrag), time, srtp);
            webrtc.Leg.Keyed += (_, _) => keyed();
            if (snapshot.SrtpProfile is { } profile && snapshot.LocalKey is not null && snapshot.LocalSalt is not null
                && snapshot.RemoteKey is not null && snapshot.RemoteSalt is not null)
            {
                var keys = new DtlsSrtpKeys((SrtpProfile)profile, Convert.FromBase64String(snapshot.LocalKey),
                    Convert.FromBase64String(snapshot.LocalSalt), Convert.FromBase64String(snapshot.RemoteKey), Convert.FromBase64String(snapshot.RemoteSalt));
                webrtc.Leg.AttachRestored(keys, snapshot.Inbound, snapshot.Outbound, selected);
            }
            else
            {
                // Not keyed yet when the active node failed: the handshake (or the browser's retry of it) runs here.
                webrtc.Leg.Attach();
            }
        }

        return webrtc;
    }

    internal WebRtcMediaSnapshot Snapshot()
    {
        var keys = Leg?.Keys;
        var srtp = Leg?.Srtp;
        var local = Ice.LocalCredentials;
        return new WebRtcMediaSnapshot(
            local.UsernameFragment,
            local.Password,
            RemoteIceUfrag,
            LocalSetup,
            Role switch { DtlsRole.Server => "server", DtlsRole.Client => "client", _ => null },
            RemoteFingerprint?.ToString(),
            keys is null ? null : (int)keys.Profile,
            keys is null ? null : Convert.ToBase64String(keys.LocalKey),
            keys is null ? null : Convert.ToBase64String(keys.LocalSalt),
            keys is null ? null : Convert.ToBase64String(keys.RemoteKey),
            keys is null ? null : Convert.ToBase64String(keys.RemoteSalt),
            srtp?.Inbound.Snapshot() ?? [],
            srtp?.Outbound.Snapshot() ?? []);
    }

    public void Dispose() => Leg?.Dispose();
}
