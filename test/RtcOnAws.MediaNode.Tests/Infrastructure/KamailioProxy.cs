using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// A real Kamailio 5.6 in the foreground with a minimal record-routing proxy config whose media go through
/// media-node via the rtpengine module's <c>rtpengine_manage()</c>.
/// </summary>
internal sealed class KamailioProxy : IAsyncDisposable
{
    private const string ModulePath = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";
    private readonly string _directory;

    private KamailioProxy(ChildProcess process, IPEndPoint sip, string directory)
    {
        Process = process;
        Sip = sip;
        _directory = directory;
    }

    public ChildProcess Process { get; }

    public IPEndPoint Sip { get; }

    public static async Task<KamailioProxy> StartAsync(IPEndPoint ng)
    {
        var directory = Directory.CreateTempSubdirectory("medianode-kamailio-").FullName;
        var sip = new IPEndPoint(IPAddress.Loopback, FreePorts.Udp());
        var config = Path.Combine(directory, "kamailio.cfg");
        await File.WriteAllTextAsync(config, Config(sip, ng));
        var process = ChildProcess.Start(
            "kamailio",
            ["-DD", "-E", "-f", config, "-Y", directory, "-P", Path.Combine(directory, "kamailio.pid"), "-m", "32", "-M", "8", "-w", directory],
            directory);
        var proxy = new KamailioProxy(process, sip, directory);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!process.Output.Contains("Listening on", StringComparison.Ordinal) || !IsListening(sip))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = process.Output;
                await proxy.DisposeAsync();
                throw new InvalidOperationException($"kamailio did not start:\n{output}");
            }

            await Task.Delay(100);
        }

        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // Kamailio holds the SIP port once it is ready: binding it ourselves fails.
    private static bool IsListening(IPEndPoint sip)
    {
        try
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            probe.Bind(sip);
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return true;
        }
    }

    private static string Config(IPEndPoint sip, IPEndPoint ng) => string.Create(CultureInfo.InvariantCulture, $$"""
        #!KAMAILIO
        debug=2
        log_stderror=yes
        children=1
        auto_aliases=no
        listen=udp:{{sip.Address}}:{{sip.Port}}
        mpath="{{ModulePath}}"

        loadmodule "tm.so"
        loadmodule "sl.so"
        loadmodule "rr.so"
        loadmodule "pv.so"
        loadmodule "maxfwd.so"
        loadmodule "textops.so"
        loadmodule "siputils.so"
        loadmodule "xlog.so"
        loadmodule "rtpengine.so"

        modparam("rtpengine", "rtpengine_sock", "udp:{{ng.Address}}:{{ng.Port}}")
        modparam("rtpengine", "rtpengine_tout_ms", 2000)

        request_route {
            if (!mf_process_maxfwd_header("10")) {
                sl_send_reply("483", "Too Many Hops");
                exit;
            }

            if (has_totag()) {
                if (loose_route()) {
                    if (is_method("BYE")) {
                        rtpengine_manage();
                    } else if (is_method("INVITE|ACK") && has_body("application/sdp")) {
                        rtpengine_manage("replace-origin replace-session-connection");
                    }
                    t_on_reply("MANAGE_REPLY");
                    t_relay();
                    exit;
                }
                if (is_method("ACK") && t_check_trans()) {
                    t_relay();
                }
                exit;
            }

            if (is_method("CANCEL")) {
                if (t_check_trans()) {
                    rtpengine_manage();
                    t_relay();
                }
                exit;
            }

            if (is_method("INVITE")) {
                record_route();
                rtpengine_manage("replace-origin replace-session-connection");
                t_on_reply("MANAGE_REPLY");
                t_on_failure("MANAGE_FAILURE");
            }

            t_relay();
            exit;
        }

        onreply_route[MANAGE_REPLY] {
            if (has_body("application/sdp")) {
                rtpengine_manage("replace-origin replace-session-connection");
            }
        }

        failure_route[MANAGE_FAILURE] {
            rtpengine_delete();
        }
        """);
}
