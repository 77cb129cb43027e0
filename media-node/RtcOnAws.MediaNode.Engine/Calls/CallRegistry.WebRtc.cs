using System.Net;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Engine.Sdp;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// WebRTC legs: which side of an offer/answer is WebRTC, the ICE/DTLS state kept per media, and the SDP lines our
/// side of such a leg advertises. rtpengine's semantics: the sender's <c>m=</c> protocol says whether the sender is
/// WebRTC; <c>transport-protocol</c> says what the recipient gets (absent: the same as the sender).
/// </summary>
public sealed partial class CallRegistry
{
    private static bool SenderIsWebRtc(OfferAnswerRequest request, SdpMediaSection media) =>
        request.Dtls != DtlsOption.Off && WebRtcSdp.IsWebRtc(media.Protocol);

    private static bool RecipientIsWebRtc(OfferAnswerRequest request, SdpMediaSection media)
    {
        var webrtc = request.Dtls != DtlsOption.Off
            && (request.TransportProtocol is { } protocol and not OfferAnswerRequest.AcceptTransportProtocol
                ? WebRtcSdp.IsWebRtc(protocol)
                : WebRtcSdp.IsWebRtc(media.Protocol));
        if (webrtc && request.Ice == IceOption.Remove)
        {
            throw new NgRequestException($"ICE=remove: media {media.Index} goes to a WebRTC party, which cannot work without ICE");
        }

        return webrtc;
    }

    /// <summary>The sending party is WebRTC: we will answer it, so our role follows its <c>a=setup</c>. A new remote
    /// ufrag on a re-offer is an ICE restart (RFC 8445 9): we answer with new credentials too.</summary>
    private WebRtcMedia SenderWebRtc(WebRtcMedia? previous, OfferAnswerRequest request, SdpDocument sdp, SdpMediaSection media)
    {
        var remote = WebRtcSdp.ReadRemote(sdp, media);
        var fingerprint = remote.Fingerprint
            ?? throw new NgRequestException($"sdp: WebRTC media {media.Index} has no usable a=fingerprint");
        var role = remote.Setup switch
        {
            "active" => DtlsRole.Server,
            "passive" => DtlsRole.Client,
            _ => request.Dtls == DtlsOption.Active ? DtlsRole.Client : DtlsRole.Server,
        };
        var webrtc = previous ?? new WebRtcMedia(new IceLiteAgent(_time, IceCredentials.Generate()), string.Empty);
        if (previous is not null && remote.IceUfrag != previous.RemoteIceUfrag)
        {
            webrtc.Ice.Restart(IceCredentials.Generate(), remote.IceUfrag);
        }
        else
        {
            webrtc.Ice.SetRemoteUsernameFragment(remote.IceUfrag);
        }

        webrtc.RemoteIceUfrag = remote.IceUfrag;
        webrtc.RemoteFingerprint = fingerprint;
        webrtc.Role = role;
        webrtc.LocalSetup = role == DtlsRole.Server ? "passive" : "active";
        return webrtc;
    }

    /// <summary>The receiving party is WebRTC: we offer to it, so we advertise the <c>DTLS</c> key's setup
    /// (actpass by default) and learn our role from its answer.</summary>
    private WebRtcMedia RecipientWebRtc(WebRtcMedia? previous, OfferAnswerRequest request)
    {
        var setup = request.Dtls switch
        {
            DtlsOption.Passive => "passive",
            DtlsOption.Active => "active",
            _ => "actpass",
        };
        var webrtc = previous ?? new WebRtcMedia(new IceLiteAgent(_time, IceCredentials.Generate()), setup);
        webrtc.LocalSetup = previous?.Role is { } role ? (role == DtlsRole.Server ? "passive" : "active") : setup;
        return webrtc;
    }

    /// <summary>The WebRTC recipient answered: its <c>a=setup</c> decides our role (active: we are the server).</summary>
    private static void AcceptAnswer(WebRtcMedia webrtc, SdpDocument sdp, SdpMediaSection media)
    {
        var remote = WebRtcSdp.ReadRemote(sdp, media);
        webrtc.RemoteFingerprint = remote.Fingerprint
            ?? throw new NgRequestException($"sdp: WebRTC media {media.Index} has no usable a=fingerprint");
        webrtc.Role = remote.Setup == "passive" ? DtlsRole.Client : DtlsRole.Server;
        webrtc.LocalSetup = webrtc.Role == DtlsRole.Server ? "passive" : "active";
        webrtc.Ice.SetRemoteUsernameFragment(remote.IceUfrag);
        webrtc.RemoteIceUfrag = remote.IceUfrag;
    }

    /// <summary>
    /// Our side of a WebRTC leg in the SDP to that party: UDP/TLS protocol, rtcp-mux, ICE and DTLS lines; the host
    /// candidate is <paramref name="address"/>, the address of that party's interface (a browser on the internet
    /// reaches the Elastic IP, not the private address).
    /// </summary>
    private SdpMediaRewrite ToWebRtcParty(SdpMediaRewrite rewrite, WebRtcMedia webrtc, string protocol, IPAddress address, int port) => rewrite with
    {
        RtcpPort = port,
        RtcpMux = RtcpMuxChange.Add,
        Protocol = protocol,
        RemoveDtls = true,
        AddAttributes = WebRtcSdp.MediaAttributes(webrtc.Ice.LocalCredentials, _dtlsCertificate.Fingerprint,
            webrtc.LocalSetup, address, port),
    };

    private void StartWebRtc(string callId, IReadOnlyList<CallMedia> medias)
    {
        foreach (var media in medias)
        {
            if (media.WebRtc is { } webrtc && media.Stream is { } stream)
            {
                webrtc.Start(stream, _dtlsCertificate, _time, DtlsTransform(callId), KeyedNotifier(callId));
            }
        }
    }

    /// <summary>SRTP from DTLS keys; like SDES, a rollover in either direction re-saves the call.</summary>
    private Func<DtlsSrtpKeys, SrtpTransform> DtlsTransform(string callId) => keys =>
    {
        var transform = DtlsSrtpTransformFactory.Create(keys);
        transform.Inbound.RolloverAdvanced += () => SaveAfterRollover(callId);
        transform.Outbound.RolloverAdvanced += () => SaveAfterRollover(callId);
        return transform;
    };

    /// <summary>New keys change the snapshot: the replica must have them before this node can fail.</summary>
    private Action KeyedNotifier(string callId) => () => _learned.Writer.TryWrite(callId);

    private static SdpRewriteOptions WithWebRtc(SdpRewriteOptions options, bool anyWebRtc, bool iceLite) => options with
    {
        RemoveDtls = anyWebRtc,
        SessionAttributes = iceLite ? [WebRtcSdp.IceLiteAttribute] : [],
    };
}
