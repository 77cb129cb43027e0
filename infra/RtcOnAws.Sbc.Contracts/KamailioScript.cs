using System.Globalization;
using System.Text;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// A kamailio.cfg being written, with the prologue every RtcOnAws Kamailio shares (the SBC's and the WebRTC gateway's):
/// core parameters, the base modules, transaction and dispatcher parameters, and the request checks. One place, so the
/// two proxies cannot drift apart on what they both must do.
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

    public void Append(string text) => _text.Append(text.Replace("\r\n", "\n", StringComparison.Ordinal));

    public void Line(string text) => _text.Append(text).Append('\n');

    public override string ToString() => _text.ToString();

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
