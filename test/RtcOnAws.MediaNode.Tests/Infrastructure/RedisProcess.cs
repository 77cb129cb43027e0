using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port below the ephemeral range, without persistence; stopped on dispose.</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private RedisProcess(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    /// <summary>The endpoint in <c>--redis</c> form.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/0";

    public static async Task<RedisProcess> StartAsync()
    {
        var port = FreePorts.UdpAndTcp(IPAddress.Loopback);
        var process = ChildProcess.Start("redis-server",
        [
            "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
            "--notify-keyspace-events", "K$gx", "--protected-mode", "no",
        ]);
        var redis = new RedisProcess(process, port);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || watch.Elapsed > StartTimeout)
            {
                await redis.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not start on port {port}:\n{process.Output}");
            }

            await Task.Delay(50);
        }

        return redis;
    }

    public async ValueTask DisposeAsync() => await Process.DisposeAsync();

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
