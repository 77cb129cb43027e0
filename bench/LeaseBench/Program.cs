using System.Diagnostics;
using System.Globalization;
using RtcOnAws.Bench.Lease;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using StackExchange.Redis;

// Measures how long a lease renewal (the compare-and-PEXPIRE script the active runs every few milliseconds) waits for
// its reply, idle and under load, over the two ways the node could send it: its own blocking connection
// (BlockingRedisConnection) or StackExchange.Redis. Prints one markdown table.
// Each way runs until it has sent --renewals renewals or --seconds have passed, whichever comes first.
// Usage: LeaseBench [--renewals N] [--seconds S] [--interval-ms MS] [--burst-writes N]
var renewals = Option("--renewals", 2000);
var seconds = Option("--seconds", 20);
var intervalMs = Option("--interval-ms", 5);
var burstWrites = Option("--burst-writes", 2000);

const string Renew = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
using var redis = RedisProcess.Start();
var endpoint = new RedisEndpoint("127.0.0.1", redis.Port, 0, null);
var options = $"127.0.0.1:{redis.Port},abortConnect=false";
using var data = await ConnectionMultiplexer.ConnectAsync(options + ",name=bench-data");
using var leaseMultiplexer = await ConnectionMultiplexer.ConnectAsync(options + ",name=bench-lease");
using var blocking = new BlockingRedisConnection(endpoint, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), "bench-blocking", null);
await data.GetDatabase().StringSetAsync("bench:lease", "me");

var ways = new (string Name, Action Renewal)[]
{
    ("BlockingRedisConnection (own socket, own thread)", () => blocking.Execute("EVAL", Renew, "1", "bench:lease", "me", "60000")),
    ("StackExchange.Redis, own multiplexer, synchronous", () => leaseMultiplexer.GetDatabase().ScriptEvaluate(Renew, ["bench:lease"], ["me", 60000])),
    ("StackExchange.Redis, the data multiplexer, synchronous", () => data.GetDatabase().ScriptEvaluate(Renew, ["bench:lease"], ["me", 60000])),
};

Console.WriteLine("| renewal sent over | load | renewals | failed | p50 ms | p99 ms | p99.9 ms | max ms |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var loaded in new[] { false, true })
{
    foreach (var (name, renewal) in ways)
    {
        using var load = loaded ? Load.Start(data, burstWrites, 1024) : null;
        var (latencies, failed) = Measure(renewal, renewals, TimeSpan.FromSeconds(seconds), intervalMs);
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {(loaded ? $"thread pool starved + {burstWrites} call writes every 100 ms" : "idle")} | {latencies.Count} | {failed} | {At(0.50):0.00} | {At(0.99):0.00} | {At(0.999):0.00} | {latencies[^1]:0.00} |"));

        double At(double quantile) => latencies[(int)Math.Min(latencies.Count - 1, quantile * latencies.Count)];
    }
}

// The role thread of the node: a dedicated thread that renews on a fixed period and waits for each reply. A renewal
// that throws (a timeout under the load) counts as failed; its wait still counts as its latency.
static (List<double> Latencies, int Failed) Measure(Action renewal, int count, TimeSpan limit, int intervalMs)
{
    var latencies = new List<double>(count);
    var failed = 0;
    var thread = new Thread(() =>
    {
        var watch = Stopwatch.StartNew();
        while (latencies.Count < count && watch.Elapsed < limit)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                renewal();
            }
            catch (Exception e) when (e is RedisException or TimeoutException or RedisUnavailableException)
            {
                failed++;
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Thread.Sleep(intervalMs);
        }
    })
    { Name = "renewals" };
    thread.Start();
    thread.Join();
    return (latencies, failed);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
