using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Legs;

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

    /// <summary>Starts the leg on <paramref name="stream"/>, or renegotiates the running one (a new fingerprint or
    /// role re-handshakes; a new remote ufrag was already applied to the agent as an ICE restart).</summary>
    internal void Start(RelayStream stream, DtlsCertificate certificate, TimeProvider time, Func<DtlsSrtpKeys, IMediaTransform> srtp)
    {
        if (RemoteFingerprint is null || Role is null)
        {
            return;
        }

        var options = new WebRtcLegOptions(certificate, RemoteFingerprint, Role.Value, RemoteIceUfrag);
        if (Leg is null)
        {
            Leg = new WebRtcLeg(stream, Ice, options, time, srtp);
            Leg.Attach();
        }
        else
        {
            Leg.Renegotiate(options);
        }
    }

    public void Dispose() => Leg?.Dispose();
}
