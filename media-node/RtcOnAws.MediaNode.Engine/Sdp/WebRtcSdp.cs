using System.Globalization;
using System.Net;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;

namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>Reading and writing the SDP of a WebRTC leg (RFC 8829/8839/8842).</summary>
public static class WebRtcSdp
{
    /// <summary>What browsers send and expect for DTLS-SRTP media with feedback.</summary>
    public const string Protocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>The session-level attribute that tells a full agent we only answer checks (RFC 8445 2.5).</summary>
    public const string IceLiteAttribute = "a=ice-lite";

    /// <summary>Host candidate priority for component 1 (RFC 8445 5.1.2.1, type preference 126, local 65535).</summary>
    private const uint HostPriority = (126u << 24) | (65535u << 8) | 255u;

    /// <summary>DTLS attributes of the sender that never pass through us: we terminate DTLS.</summary>
    public static readonly string[] DtlsAttributes = ["fingerprint", "setup", "tls-id", "connection"];

    public static bool IsWebRtc(string? protocol) =>
        protocol is not null && protocol.StartsWith("UDP/TLS/RTP/SAVP", StringComparison.Ordinal);

    public static WebRtcRemoteDescription ReadRemote(SdpDocument document, SdpMediaSection media) => new(
        DtlsFingerprint.TryParse(Attribute(document, media, "fingerprint")),
        Attribute(document, media, "setup")?.Trim().ToLowerInvariant(),
        Attribute(document, media, "ice-ufrag")?.Trim());

    /// <summary>The media-level attributes our side of a WebRTC leg advertises.</summary>
    public static IReadOnlyList<string> MediaAttributes(IceCredentials? ice, DtlsFingerprint? fingerprint, string? setup, IPAddress address, int port)
    {
        var lines = new List<string>(5);
        if (ice is not null)
        {
            lines.Add("a=ice-ufrag:" + ice.UsernameFragment);
            lines.Add("a=ice-pwd:" + ice.Password);
        }

        if (fingerprint is not null && setup is not null)
        {
            lines.Add("a=fingerprint:" + fingerprint);
            lines.Add("a=setup:" + setup);
        }

        if (ice is not null)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"a=candidate:1 1 UDP {HostPriority} {address} {port} typ host"));
        }

        return lines;
    }

    private static string? Attribute(SdpDocument document, SdpMediaSection media, string name) =>
        Find(media.Lines, name) ?? Find(document.SessionLines, name);

    private static string? Find(IReadOnlyList<SdpLine> lines, string name)
    {
        foreach (var line in lines)
        {
            if (line.IsAttribute(name))
            {
                return line.Text.Length > 3 + name.Length ? line.Text[(3 + name.Length)..] : string.Empty;
            }
        }

        return null;
    }
}
