using System.Diagnostics;
using System.Globalization;
using System.Net;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.Relay.Kernel;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// <c>kernel-takeover</c>: what an HA standby does when it takes over, timed. It holds <c>--calls</c> restored calls
/// (learned endpoints set, forwarding fenced), then unfences: every stream's kernel entry goes in as one netlink
/// transaction. Prints the median of <c>--rounds</c> in milliseconds. Runs in the relay's namespace (needs
/// <c>--address</c> local there and IPv4 forwarding on).
/// </summary>
internal static class TakeoverCommand
{
    public const string Prefix = "kernel takeover:";

    public static async Task<int> RunAsync(Arguments arguments)
    {
        int calls = arguments.Int("calls", 500);
        int rounds = Math.Max(1, arguments.Int("rounds", 3));
        var local = IPAddress.Parse(arguments.Required("address"));
        var caller = IPAddress.Parse(arguments.Required("caller-address"));
        var callee = IPAddress.Parse(arguments.Required("callee-address"));
        var timings = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            await using var engine = new RelayEngine(new RelayEngineOptions
            {
                LoopCount = 1,
                KernelForwarding = KernelForwardingMode.On,
                KernelTableName = "rtconaws_takeover",
            });
            engine.Start();
            engine.ForwardingEnabled = false;
            var pool = new PortPool(engine, local, 40000, 40000 + (calls * 4) - 1);
            for (int i = 0; i < calls; i++)
            {
                if (!pool.TryAllocate(false, false, out var a) || !pool.TryAllocate(false, false, out var b))
                {
                    throw new InvalidOperationException("Port range exhausted.");
                }

                a.SetPeer(b);
                b.SetPeer(a);
                a.SetLearnedRemote(new IPEndPoint(caller, 10000 + (2 * i)), null);
                b.SetLearnedRemote(new IPEndPoint(callee, 10000 + (2 * i)), null);
            }

            long start = Stopwatch.GetTimestamp();
            engine.ForwardingEnabled = true;
            double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            int entries = engine.Statistics.KernelEntries;
            if (entries != calls * 4)
            {
                throw new InvalidOperationException($"Expected {calls * 4} kernel entries after takeover, found {entries}.");
            }

            timings.Add(milliseconds);
        }

        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Prefix} {timings[timings.Count / 2]:F1} ms ({calls} calls, {calls * 4} entries, median of {rounds})"));
        return 0;
    }
}
