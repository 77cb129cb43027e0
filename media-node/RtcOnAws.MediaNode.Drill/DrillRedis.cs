using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>The drills' session store: <c>redis-server</c> in the Redis namespace, without persistence, with keyspace notifications.</summary>
public static class DrillRedis
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts Redis in <paramref name="network"/> and waits until node A's namespace can connect to it.</summary>
    /// <param name="network">The drill's namespaces.</param>
    /// <param name="name">Process name for its log file.</param>
    /// <param name="workDirectory">Where its log goes.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The process; the caller disposes it (or its environment does).</returns>
    public static async Task<NamespacedProcess> StartAsync(DrillNetwork network, string name, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);

        // Redis stands for a managed service on hosts of its own (ElastiCache); on this shared machine it runs 5 nice
        // levels above the drill so the media flood of the nodes and user agents does not delay its lease replies.
        var redis = NamespacedProcess.Start(name, network.Redis,
        [
            "nice", "-n", "-5", "redis-server", "--bind", DrillAddresses.Redis.ToString(), "--port", DrillAddresses.RedisPort.ToString(CultureInfo.InvariantCulture),
            "--save", "", "--appendonly", "no", "--protected-mode", "no", "--notify-keyspace-events", "K$gx",
        ], workDirectory);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            var connected = NetworkNamespace.Run(network.NodeA, () =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(new IPEndPoint(DrillAddresses.Redis, DrillAddresses.RedisPort));
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            });
            if (connected)
            {
                return redis;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var tail = redis.Tail();
        await redis.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException($"redis-server did not start:\n{tail}");
    }
}
