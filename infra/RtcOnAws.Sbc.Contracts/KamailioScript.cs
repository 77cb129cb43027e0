using System.Globalization;
using System.Text;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// A kamailio.cfg being written, with the prologue every RtcOnAws Kamailio shares (the SBC's and the WebRTC gateway's):
/// core parameters, the base modules, transaction and dispatcher parameters, the request checks, and what becomes of
/// requests of transactions and dialogs already under way. One place, so the two proxies cannot drift apart on what they
/// both must do.
/// </summary>
internal sealed class KamailioScript
{
    private static readonly string[] BaseModules =
        ["kex", "corex", "tm", "tmx", "sl", "rr", "pv", "maxfwd", "textops", "siputils", "xlog", "sanity", "ctl"];

    private readonly StringBuilder _text = new();

    /// <summary>The first lines: what rendered the script, and the core parameters both proxies set alike.</summary>
    /// <param name="role">What runs the script, e.g. <c>SBC node 0</c>.</param>
    /// <param name="renderer">The class that renders it.</param>
    /// <param name="logLevel">Kamailio's <c>debug</c>.</param>
    /// <param name="workers">Worker processes per UDP and per TCP listener.</param>
    /// <param name="userAgent">The User-Agent of requests Kamailio sends itself.</param>
    public void Globals(string role, string renderer, int logLevel, int workers, string userAgent) => Append($"""
        #!KAMAILIO
        # RtcOnAws {role}: rendered by RtcOnAws.Sbc.Contracts.{renderer} from typed settings.
        # Change the settings and render again; a hand edit is lost at the next deployment.

        debug={Number(logLevel)}
        children={Number(workers)}
        tcp_children={Number(workers)}
        auto_aliases=no
        dns=no
        rev_dns=no
        dns_try_ipv6=no
        server_signature=no
        sip_warning=0
        user_agent_header="User-Agent: {userAgent}"

        """);

    /// <summary>Loads the base modules, then <paramref name="modules"/> in order (a module that binds another's API comes after it).</summary>
    public void LoadModules(IEnumerable<string> modules)
    {
        foreach (var module in BaseModules.Concat(modules))
        {
            Line($"loadmodule \"{module}.so\"");
        }
        Line("");
    }

    /// <summary>The control socket and the transaction and Record-Route parameters.</summary>
    /// <param name="controlSocket">The binrpc socket of <c>kamcmd</c>.</param>
    public void TransactionParameters(string controlSocket) => Append($"""
        modparam("ctl", "binrpc", "{controlSocket}")
        # A next hop (upstream, SBC) that sends no provisional reply within 5 s fails over to the next one.
        modparam("tm", "fr_timer", 5000)
        modparam("tm", "fr_inv_timer", 60000)
        modparam("rr", "append_fromtag", 1)

        """);

    /// <summary>The dispatcher's list and OPTIONS probing: a next hop whose probes fail is skipped until they answer again.</summary>
    public void DispatcherParameters(string listFile, string pingFrom, int intervalSeconds, int failureThreshold) => Append($"""
        modparam("dispatcher", "list_file", "{listFile}")
        modparam("dispatcher", "flags", 2)
        modparam("dispatcher", "ds_ping_method", "OPTIONS")
        modparam("dispatcher", "ds_ping_from", "{pingFrom}")
        modparam("dispatcher", "ds_ping_interval", {Number(intervalSeconds)})
        modparam("dispatcher", "ds_probing_threshold", {Number(failureThreshold)})
        modparam("dispatcher", "ds_inactive_threshold", {Number(failureThreshold)})
        modparam("dispatcher", "ds_probing_mode", 1)
        # Any answer to a probe, even 404 or 405, proves the next hop is alive.
        modparam("dispatcher", "ds_ping_reply_codes", "class=2;class=3;class=4")

        """);

    /// <summary>
    /// <c>route[CHECKS]</c>: <paramref name="admission"/> (which sources get an answer at all), then the size, hop and
    /// sanity checks every request passes.
    /// </summary>
    /// <param name="admission">Script lines, indented by four spaces, ending in a line break.</param>
    /// <param name="maxMessageBytes">Largest request accepted; larger ones get 513.</param>
    public void ChecksRoute(string admission, int maxMessageBytes)
    {
        Line("route[CHECKS] {");
        Append(admission);
        Append($$"""
                if ($ml > {{Number(maxMessageBytes)}}) {
                    sl_send_reply("513", "Message Too Large");
                    exit;
                }
                if (!mf_process_maxfwd_header("10")) {
                    sl_send_reply("483", "Too Many Hops");
                    exit;
                }
                # sanity_check replies 400 to a malformed request itself.
                if (!sanity_check()) {
                    exit;
                }
            }

            """);
    }

    /// <summary>
    /// The part of <c>request_route</c> that belongs to transactions and dialogs already under way: a CANCEL goes to its
    /// INVITE's transaction, a retransmission is absorbed by its own, a request with a To tag goes to
    /// <c>route[WITHINDLG]</c> (<see cref="WithinDialogRoute"/>) and an ACK without one only to the transaction it acknowledges.
    /// What follows in the request route sees new requests only.
    /// </summary>
    /// <param name="anchorsMedia">The proxy drives media-node: a CANCEL frees the call's media before it is relayed.</param>
    public void InTransactionPrologue(bool anchorsMedia) => Append($$"""
            if (is_method("CANCEL")) {
                if (t_check_trans()) {
                    {{(anchorsMedia ? "rtpengine_delete();\n            " : "")}}route(RELAY);
                }
                exit;
            }

            # Retransmissions are absorbed by the transaction they belong to.
            if (!is_method("ACK")) {
                if (t_precheck_trans()) {
                    t_check_trans();
                    exit;
                }
                t_check_trans();
            }

            if (has_totag()) {
                route(WITHINDLG);
                exit;
            }
            if (is_method("ACK")) {
                if (t_check_trans()) {
                    route(RELAY);
                }
                exit;
            }


        """);

    /// <summary>
    /// <c>route[WITHINDLG]</c>: a request whose Route set does not name this proxy (<c>loose_route</c> fails) is not relayed
    /// (an ACK only to the transaction it acknowledges, anything else gets 404); one that does passes
    /// <paramref name="routedChecks"/> and is relayed.
    /// </summary>
    /// <param name="routedChecks">Script lines, indented by four spaces, ending in a line break: what a loose-routed request must pass.</param>
    public void WithinDialogRoute(string routedChecks)
    {
        Append("""
            route[WITHINDLG] {
                if (!loose_route()) {
                    if (is_method("ACK") && t_check_trans()) {
                        route(RELAY);
                    }
                    if (!is_method("ACK")) {
                        sl_send_reply("404", "Not Here");
                    }
                    exit;
                }

            """);
        Append(routedChecks);
        Append("""
                route(RELAY);
            }

            """);
    }

    public void Append(string text) => _text.Append(text.Replace("\r\n", "\n", StringComparison.Ordinal));

    public void Line(string text) => _text.Append(text).Append('\n');

    public override string ToString() => _text.ToString();

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
