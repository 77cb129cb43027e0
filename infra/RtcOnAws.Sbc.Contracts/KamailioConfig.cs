using System.Globalization;
using System.Text;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// The kamailio.cfg of one SBC node (and its dispatcher list), rendered from <see cref="KamailioSettings"/>: the one source
/// of the SBC's SIP behaviour that the CDK user data, the tests and the drill all use.
/// </summary>
/// <remarks>
/// What the rendered proxy does, in order: DMQ messages from the pair only on the node's own address; flood limiting
/// (<c>pike</c>) of untrusted sources, size, hop and sanity checks; OPTIONS to the SBC answered locally; CANCEL and
/// in-dialog requests loose-routed, but only for dialogs this pair knows (replicated over DMQ); new requests from callers
/// accepted only for the domain, the SBC itself or an upstream (403 otherwise), dispatched to the upstreams (failover on
/// timeout/5xx) or forwarded by Request-URI; with WebRTC gateways, calls from trusted sources into the domain tried at
/// each gateway heard probing lately (<see cref="GatewayRouting"/>); media anchored on this node's media-node (offer,
/// answer, delete).
/// </remarks>
public sealed class KamailioConfig
{
    /// <summary>The dispatcher set holding the upstreams.</summary>
    public const int UpstreamSet = 1;

    /// <summary>rtpengine flags of an offer: both origin and session connection rewritten, ICE stripped, rtcp-mux demultiplexed toward the other side.</summary>
    public const string OfferFlags = "replace-origin replace-session-connection ICE=remove rtcp-mux-demux";

    /// <summary>rtpengine flags of an answer.</summary>
    public const string AnswerFlags = "replace-origin replace-session-connection ICE=remove";

    private KamailioConfig(string text, string? dispatcherList)
    {
        Text = text;
        DispatcherList = dispatcherList;
    }

    /// <summary>The kamailio.cfg text.</summary>
    public string Text { get; }

    /// <summary>The text of <see cref="KamailioSettings.DispatcherFile"/>; null without upstreams (then no dispatcher is loaded).</summary>
    public string? DispatcherList { get; }

    /// <summary>Every problem of <paramref name="settings"/>, one sentence each naming the setting; empty when it renders.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="isDeployTimeValue">Says which strings are placeholders resolved at deploy time (copied verbatim, not validated); default none.</param>
    public static IReadOnlyList<string> Validate(KamailioSettings settings, Func<string, bool>? isDeployTimeValue = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return KamailioSettingsValidator.Problems(settings, isDeployTimeValue ?? (_ => false));
    }

    /// <summary>Renders the config.</summary>
    /// <param name="settings">The node's settings.</param>
    /// <param name="isDeployTimeValue">Says which strings are placeholders resolved at deploy time (copied verbatim, not validated); default none.</param>
    /// <exception cref="KamailioSettingsException">A setting is invalid; the message names each.</exception>
    public static KamailioConfig Render(KamailioSettings settings, Func<string, bool>? isDeployTimeValue = null)
    {
        var problems = Validate(settings, isDeployTimeValue);
        if (problems.Count > 0)
        {
            throw new KamailioSettingsException(problems);
        }
        var upstreams = settings.Routing.Upstreams;
        var dispatcherList = upstreams.Count == 0
            ? null
            : string.Concat(upstreams.Select((upstream, index) =>
                string.Create(CultureInfo.InvariantCulture, $"{UpstreamSet} {upstream.Uri} 0 {upstreams.Count - index}{ProbeSocketAttribute(settings, upstream)}\n")));
        return new KamailioConfig(new KamailioConfigWriter(settings).Write(), dispatcherList);
    }

    /// <summary>Whether probes need a socket of their own: the node's own address differs from the floating one.</summary>
    internal static bool ProbesFromNodeAddress(KamailioSettings settings) =>
        settings.Routing.Upstreams.Count > 0 && settings.NodeAddress != settings.FloatingAddress;

    /// <summary>The socket on the node's own address that probes to upstreams over <paramref name="transport"/> leave from.</summary>
    internal static string ProbeSocket(KamailioSettings settings, SipTransport transport) =>
        string.Create(CultureInfo.InvariantCulture, $"{(transport == SipTransport.Tcp ? "tcp" : "udp")}:{settings.NodeAddress}:{settings.SipPort}");

    private static string ProbeSocketAttribute(KamailioSettings settings, SipUpstream upstream) =>
        ProbesFromNodeAddress(settings) ? $" socket={ProbeSocket(settings, upstream.Transport)}" : "";
}
