using System.Net;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>The real daemon started as a process on free loopback ports, answering ping before the test begins.</summary>
internal sealed class MediaNodeDaemon : IAsyncDisposable
{
    private MediaNodeDaemon(ChildProcess process, IPEndPoint ng, IPEndPoint http, int portMin, int portMax)
    {
        Process = process;
        Ng = ng;
        Http = http;
        PortMin = portMin;
        PortMax = portMax;
        Client = new NgClient(ng);
    }

    public ChildProcess Process { get; }

    public IPEndPoint Ng { get; }

    public IPEndPoint Http { get; }

    public int PortMin { get; }

    public int PortMax { get; }

    public NgClient Client { get; }

    public static Task<MediaNodeDaemon> StartAsync(int mediaPorts = 100, params string[] extraArguments) =>
        StartAsync(mediaPorts, null, extraArguments);

    /// <summary>Starts the daemon with <paramref name="environment"/> added to the inherited environment.</summary>
    public static async Task<MediaNodeDaemon> StartAsync(int mediaPorts, IReadOnlyDictionary<string, string>? environment, params string[] extraArguments)
    {
        // Another process on this shared machine can take a probed port before the daemon binds it: retry with new ones.
        for (var attempt = 1; ; attempt++)
        {
            var (min, max) = FreePorts.MediaRange(mediaPorts);
            var ng = new IPEndPoint(IPAddress.Loopback, FreePorts.Udp());
            var http = new IPEndPoint(IPAddress.Loopback, FreePorts.Tcp());
            var process = ChildProcess.StartMediaNode(
            [
                "--interface", "127.0.0.1",
                "--listen-ng", ng.ToString(),
                "--listen-http", http.ToString(),
                "--port-min", min.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--port-max", max.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--num-threads", "1",
                .. extraArguments,
            ], environment);
            var daemon = new MediaNodeDaemon(process, ng, http, min, max);
            try
            {
                var reply = await daemon.Client.PingUntilStartedAsync(process);
                if (reply["result"]?.AsText() != "pong")
                {
                    throw new InvalidOperationException($"media-node answered ping with {reply}");
                }

                return daemon;
            }
            catch (Exception exception)
            {
                await daemon.DisposeAsync();
                if (attempt < 3 && process.Output.Contains("Address already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException($"media-node did not start: {exception.Message}\n{process.Output}", exception);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
