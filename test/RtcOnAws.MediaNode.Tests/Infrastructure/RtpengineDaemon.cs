using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// The real rtpengine 10.5 (Debian rtpengine-daemon, userspace: no kernel module here) on loopback ports below the
/// ephemeral range, as the other end in interop tests. Stopped by <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class RtpengineDaemon : IAsyncDisposable
{
    public const string Executable = "/usr/bin/rtpengine";

    private RtpengineDaemon(ChildProcess process, IPEndPoint ng)
    {
        Process = process;
        Ng = ng;
        Client = new NgClient(ng);
    }

    public ChildProcess Process { get; }

    public IPEndPoint Ng { get; }

    public NgClient Client { get; }

    public static async Task<RtpengineDaemon> StartAsync(int mediaPorts = 20)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (min, max) = FreePorts.MediaRange(mediaPorts);
            var ng = new IPEndPoint(IPAddress.Loopback, FreePorts.UdpAndTcp(IPAddress.Loopback));
            var process = ChildProcess.Start(Executable,
            [
                "--config-file=none", "--table=-1", "--interface=127.0.0.1", $"--listen-ng={ng}",
                $"--port-min={min.ToString(CultureInfo.InvariantCulture)}", $"--port-max={max.ToString(CultureInfo.InvariantCulture)}",
                "--foreground", "--log-stderr", "--log-level=5", "--num-threads=1", "--delete-delay=0", "--timeout=60",
            ]);
            var daemon = new RtpengineDaemon(process, ng);
            try
            {
                var reply = await daemon.Client.PingUntilStartedAsync(process);
                if (reply["result"]?.AsText() != "pong")
                {
                    throw new InvalidOperationException($"rtpengine answered ping with {reply}");
                }

                return daemon;
            }
            catch (Exception exception)
            {
                await daemon.DisposeAsync();
                if (attempt < 3 && process.Output.Contains("in use", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                throw new InvalidOperationException($"rtpengine did not start: {exception.Message}\n{process.Output}", exception);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
