using System.Diagnostics;
using System.Globalization;
using System.Text;
using RtcOnAws.AwsSimulator;
using RtcOnAws.Functions.Tests;

// Measures the failover functions against the local Runtime API and AWS simulator and writes a markdown section.
// Usage: FunctionsBench [--json] <output.md> [coldStartRuns] [moveRuns]
// With --json the last line printed is one JSON object with the cold-start medians (for scripts and CI).
var json = args.Contains("--json");
args = args.Where(a => a != "--json").ToArray();
var output = args.Length > 0 ? args[0] : "bench/results/functions.md";
var coldRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var moveRuns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var medians = new Dictionary<string, double>();
var realisticRemap = TimeSpan.FromSeconds(2);

var report = new StringBuilder();
report.AppendLine("## Failover functions (`bench/functions-coldstart.sh`)");
report.AppendLine();
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
report.AppendLine(CultureInfo.InvariantCulture, $"Published `bootstrap`: Native AOT, linux-x64, Release (as the CDK app bundles it). Runtime API and AWS simulator on loopback; {Environment.ProcessorCount} cores, 1-minute load average {load} when the run started, {DateTime.UtcNow:yyyy-MM-dd}.");
report.AppendLine("Cold start = process start to the first event's response posted to the Runtime API (init = process start to the first `GET next`).");
report.AppendLine("Address moved = event queued to the simulator showing the address on the peer (EC2 side) / to the function's response after it confirmed the remap (polling every 50 ms). Warm runs follow one untimed move of the same kind.");
report.AppendLine();
report.AppendLine("| measurement | runs | median ms | p90 ms | min ms | max ms |");
report.AppendLine("|---|---|---|---|---|---|");

foreach (var project in new[] { PublishedBootstrap.FloatingIpFailover, PublishedBootstrap.LifecycleDns })
{
    await PublishedBootstrap.PathAsync(project);
}

var init = new List<double>();
var cold = new List<double>();
for (var run = 0; run < coldRuns; run++)
{
    await using var aws = await AwsWireSimulator.StartAsync();
    var pair = SeedPair(aws, "cold", 0);
    await using var function = await StartFailoverAsync(aws);
    var result = await function.InvokeAsync(AlarmFor(pair.Owner));
    Require(result, "OwnerFailed");
    init.Add((await function.RuntimeApi.FirstNextRequested - function.StartedAt).TotalMilliseconds);
    cold.Add((result.CompletedAt - function.StartedAt).TotalMilliseconds);
}

medians["floating_ip_init_ms_p50"] = Row("FloatingIpFailover init (start to first GET next)", init);
medians["floating_ip_cold_start_ms_p50"] = Row("FloatingIpFailover cold start to first event handled (alarm, address moved, remap delay 0)", cold);

var dnsCold = new List<double>();
for (var run = 0; run < coldRuns; run++)
{
    await using var aws = await AwsWireSimulator.StartAsync();
    aws.Route53.AddHostedZone("sip.example.com", "Z0BENCH");
    aws.Ec2.AddInstance("subnet-a", "10.0.1.20", instanceId: "i-1234567890abcdef0", availabilityZone: "us-east-1a");
    aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", "i-1234567890abcdef0", "87654321-4321-4321-4321-210987654321");
    await using var function = await FunctionProcess.StartAsync(PublishedBootstrap.LifecycleDns, aws.Url, new Dictionary<string, string>
    {
        ["RTCONAWS_HOSTED_ZONE_ID"] = "Z0BENCH",
        ["RTCONAWS_DNS_DOMAIN"] = "sip.example.com",
    });
    var result = await function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));
    if (result.IsError || aws.AutoScaling.GetLifecycleAction("87654321-4321-4321-4321-210987654321").Result != "CONTINUE")
    {
        throw new InvalidOperationException($"lifecycle launch failed: {result.Body}");
    }

    dnsCold.Add((result.CompletedAt - function.StartedAt).TotalMilliseconds);
}

medians["lifecycle_dns_cold_start_ms_p50"] = Row("LifecycleDns cold start to first event handled (launch, A record and SRV set written, action completed)", dnsCold);

foreach (var delay in new[] { TimeSpan.Zero, realisticRemap })
{
    var runs = delay == TimeSpan.Zero ? moveRuns : Math.Max(3, moveRuns / 4);
    await using var aws = await AwsWireSimulator.StartAsync();
    aws.Ec2.RemapDelay = delay;
    await using var function = await StartFailoverAsync(aws);
    Require(await function.InvokeAsync(AlarmFor(SeedPair(aws, "warmup", 0).Owner)), "OwnerFailed");
    var visible = new List<double>();
    var confirmed = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var pair = SeedPair(aws, "warm", run);
        var queued = Stopwatch.GetTimestamp();
        var invocation = function.InvokeAsync(AlarmFor(pair.Owner));
        while (aws.Ec2.OwnerOfPrivateIp(pair.FloatingIp) != pair.PeerEni)
        {
            if (invocation.IsCompleted && (await invocation).IsError)
            {
                throw new InvalidOperationException((await invocation).Body);
            }

            await Task.Delay(1);
        }

        visible.Add(Stopwatch.GetElapsedTime(queued).TotalMilliseconds);
        Require(await invocation, "OwnerFailed");
        confirmed.Add(Stopwatch.GetElapsedTime(queued).TotalMilliseconds);
    }

    var label = delay == TimeSpan.Zero ? "remap delay 0" : $"simulated remap delay {delay.TotalSeconds:0} s (secondary-IP move on AWS takes about 2 s)";
    Row($"Event to address moved, warm, same subnet, {label}: visible in EC2", visible);
    Row($"Event to address moved, warm, same subnet, {label}: confirmed by the function", confirmed);
}

{
    await using var aws = await AwsWireSimulator.StartAsync();
    await using var function = await StartFailoverAsync(aws);
    var (warmPair, _, _) = SeedCrossPair(aws, moveRuns);
    Require(await function.InvokeAsync($$"""{"pair":"{{warmPair}}","reason":"warm-up"}"""), "ManualMove");
    var confirmed = new List<double>();
    for (var run = 0; run < moveRuns; run++)
    {
        var (pairName, allocationId, peer) = SeedCrossPair(aws, run);
        var queued = Stopwatch.GetTimestamp();
        var result = await function.InvokeAsync($$"""{"pair":"{{pairName}}","reason":"bench"}""");
        Require(result, "ManualMove");
        confirmed.Add(Stopwatch.GetElapsedTime(queued).TotalMilliseconds);
        if (aws.Ec2.GetAddress(allocationId).InstanceId != peer)
        {
            throw new InvalidOperationException("the Elastic IP did not move");
        }
    }

    Row("Direct invoke to Elastic IP re-associated across AZs, warm, confirmed by the function", confirmed);
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine(report);
if (json)
{
    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(medians.ToDictionary(m => m.Key, m => Math.Round(m.Value, 1))));
}

return 0;

// Adds a table row and returns the median.
double Row(string name, List<double> samples)
{
    samples.Sort();
    double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
    report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {samples.Count} | {At(0.5):0.0} | {At(0.9):0.0} | {samples[0]:0.0} | {samples[^1]:0.0} |");
    return At(0.5);
}

static void Require(InvocationResult result, string decision)
{
    if (result.IsError || result.Json.GetProperty("decision").GetString() != decision)
    {
        throw new InvalidOperationException($"expected {decision}, got {result.Body}");
    }
}

static Task<FunctionProcess> StartFailoverAsync(AwsWireSimulator aws) =>
    FunctionProcess.StartAsync(PublishedBootstrap.FloatingIpFailover, aws.Url, new Dictionary<string, string>
    {
        ["RTCONAWS_REMAP_POLL_MS"] = "50",
    });

static string AlarmFor(string instanceId) =>
    Fixture.Load("alarm-state-change.json", ("i-12345678901234567", instanceId));

static (string Owner, string PeerEni, string FloatingIp) SeedPair(AwsWireSimulator aws, string prefix, int index)
{
    var subnet = $"subnet-{prefix}{index}";
    var net = $"10.{index % 250}.{(prefix == "warm" ? 2 : 1)}";
    var tags = new Dictionary<string, string> { ["rtconaws:pair"] = $"{prefix}-{index}", ["rtconaws:floating-ip"] = $"{net}.100" };
    var owner = aws.Ec2.AddInstance(subnet, $"{net}.10", tags, availabilityZone: "us-east-1a");
    var peer = aws.Ec2.AddInstance(subnet, $"{net}.11", tags);
    aws.Ec2.AddSecondaryPrivateIp(owner.NetworkInterfaceIds[0], tags["rtconaws:floating-ip"]);
    return (owner.InstanceId, peer.NetworkInterfaceIds[0], tags["rtconaws:floating-ip"]);
}

static (string Pair, string AllocationId, string Peer) SeedCrossPair(AwsWireSimulator aws, int index)
{
    var allocationId = aws.Ec2.AllocateAddress($"203.0.113.{index + 1}");
    var tags = new Dictionary<string, string> { ["rtconaws:pair"] = $"cross-{index}", ["rtconaws:floating-eip"] = allocationId };
    var a = aws.Ec2.AddInstance($"subnet-x{index}", $"10.100.{index}.10", tags, availabilityZone: "us-east-1a");
    var b = aws.Ec2.AddInstance($"subnet-y{index}", $"10.101.{index}.10", tags, availabilityZone: "us-east-1b");
    aws.Ec2.AssociateAddress(allocationId, a.NetworkInterfaceIds[0]);
    return ($"cross-{index}", allocationId, b.InstanceId);
}
