namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// The kamailio.cfg of one WebRTC gateway instance (and its dispatcher list of SBCs), rendered from
/// <see cref="GatewaySettings"/> by the same library as the SBC's: the CDK user data and the browser test run this text.
/// </summary>
/// <remarks>
/// What the rendered gateway does: answers the load balancer's health path and upgrades WebSocket handshakes
/// (<c>xhttp</c>, <c>websocket</c>); accepts SIP from browsers over WebSocket only and plain SIP (UDP) from the SBCs
/// only; challenges every new request from a browser for time-limited credentials of the very user it speaks for
/// (<c>auth_ephemeral</c>, <see cref="GatewayCredentials"/>, secret included from <see cref="GatewaySettings.CredentialSecretFile"/>);
/// registers browsers in an in-memory location table (<c>usrloc</c>, <c>registrar</c>) keyed to their WebSocket
/// connection; marks browsers' Contacts with an alias of that connection (<c>nathelper</c>) so in-dialog requests find
/// the way back; sends calls in <see cref="GatewaySettings.Domain"/> to the SBCs (dispatcher, probed, with failover) and
/// calls from the SBCs to registered browsers. Media never touches the gateway: the SBC pair's media-node bridges the
/// browser's ICE/DTLS-SRTP leg to plain RTP, so WebRTC calls survive an SBC failover like any other call.
/// </remarks>
public sealed class GatewayConfig
{
    /// <summary>The dispatcher set holding the SBCs.</summary>
    public const int SbcSet = 1;

    private GatewayConfig(string text, string dispatcherList)
    {
        Text = text;
        DispatcherList = dispatcherList;
    }

    /// <summary>The kamailio.cfg text.</summary>
    public string Text { get; }

    /// <summary>The text of <see cref="GatewaySettings.DispatcherFile"/>: the SBCs.</summary>
    public string DispatcherList { get; }

    /// <summary>Every problem of <paramref name="settings"/>, one sentence each naming the setting; empty when it renders.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="isDeployTimeValue">Says which strings are placeholders resolved at deploy or boot time (copied verbatim, not validated); default none.</param>
    public static IReadOnlyList<string> Validate(GatewaySettings settings, Func<string, bool>? isDeployTimeValue = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return GatewaySettingsValidator.Problems(settings, isDeployTimeValue ?? (_ => false));
    }

    /// <summary>Renders the config.</summary>
    /// <param name="settings">The instance's settings.</param>
    /// <param name="isDeployTimeValue">Says which strings are placeholders resolved at deploy or boot time (copied verbatim, not validated); default none.</param>
    /// <exception cref="KamailioSettingsException">A setting is invalid; the message names each.</exception>
    public static GatewayConfig Render(GatewaySettings settings, Func<string, bool>? isDeployTimeValue = null)
    {
        var problems = Validate(settings, isDeployTimeValue);
        if (problems.Count > 0)
        {
            throw new KamailioSettingsException(problems);
        }
        var dispatcherList = string.Concat(settings.Sbcs.Select(sbc => FormattableString.Invariant($"{SbcSet} {sbc.Uri}\n")));
        return new GatewayConfig(new GatewayConfigWriter(settings).Write(), dispatcherList);
    }
}
