using System.Globalization;
using System.Text.RegularExpressions;
using RtcOnAws.AwsSimulator;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The daemon process publishes the SBC alarm's heartbeat to CloudWatch: instance id and region from IMDSv2, metric
/// sent to the AWS wire simulator. Without --heartbeat-namespace it makes no AWS or IMDS request at all.
/// </summary>
public sealed partial class CloudWatchHeartbeatTests : IAsyncLifetime
{
    private const string Namespace = "RtcOnAws/MediaNode";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private AwsWireSimulator _sim = null!;
    private string _instanceId = null!;

    public async Task InitializeAsync()
    {
        _sim = await AwsWireSimulator.StartAsync(new AwsSimulatorOptions { Region = "eu-west-1" });
        _sim.Ec2.AddSubnet("subnet-sbc", "eu-west-1a", "10.0.1.0/24");
        _instanceId = _sim.Ec2.AddInstance("subnet-sbc", "10.0.1.10").InstanceId;
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task HighResolutionHeartbeatsCarryTheInstanceIdFromImds()
    {
        await using var daemon = await MediaNodeDaemon.StartAsync(20, Environment(), "--heartbeat-namespace", Namespace, "--heartbeat-interval", "1");
        var dimensions = new Dictionary<string, string> { ["InstanceId"] = _instanceId };

        var deadline = DateTime.UtcNow + Wait;
        while (_sim.CloudWatch.GetDatapoints(Namespace, "Heartbeat", dimensions).Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var beats = _sim.CloudWatch.GetDatapoints(Namespace, "Heartbeat", dimensions);
        Assert.True(beats.Count >= 2, $"{beats.Count} heartbeats within {Wait}; calls: {string.Join(", ", _sim.Calls)}\n{daemon.Process.Output}");
        Assert.All(beats, beat => Assert.Equal((1.0, "Count", 1), (beat.Value, beat.Unit, beat.StorageResolution)));
        Assert.All(_sim.AwsCalls, call => Assert.Equal(("monitoring", "PutMetricData", 200), (call.Service, call.Action, call.StatusCode)));
        Assert.Equal(_sim.CloudWatch.Datapoints.Count, beats.Count);

        using var http = new HttpClient { BaseAddress = new Uri($"http://{daemon.Http}/"), Timeout = Wait };
        var metrics = await http.GetStringAsync("metrics");
        var sent = SentBeats().Match(metrics);
        Assert.True(sent.Success, metrics);
        Assert.True(long.Parse(sent.Groups[1].Value, CultureInfo.InvariantCulture) >= 2, metrics);
    }

    [Fact]
    public async Task WithoutTheNamespaceNothingIsSent()
    {
        // The daemon answers ng only after every extension started; a started heartbeat has registered its metric
        // family by then (before its first beat), so the family's absence proves none was started: no waiting needed.
        await using var daemon = await MediaNodeDaemon.StartAsync(20, Environment());
        using var http = new HttpClient { BaseAddress = new Uri($"http://{daemon.Http}/"), Timeout = Wait };
        var metrics = await http.GetStringAsync("metrics");

        Assert.DoesNotContain("medianode_cloudwatch_heartbeats_total", metrics, StringComparison.Ordinal);
        Assert.Empty(_sim.Calls);
    }

    [Fact]
    public async Task AnIntervalTheAlarmCannotToleratePreventsStart()
    {
        await using var process = ChildProcess.StartMediaNode(["--heartbeat-namespace", Namespace, "--heartbeat-interval", "11", "--listen-http", "off"], Environment());

        Assert.True(await process.WaitForExitAsync(Wait), process.Output);
        // Extension options are checked by the command line's validators, which exit non-zero before anything starts.
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("--heartbeat-interval is 11; allowed: 1-10 seconds", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("media-node started", process.Output, StringComparison.Ordinal);
        Assert.Empty(_sim.Calls);
    }

    // Region deliberately absent: the daemon must read it from IMDS, as on an instance without AWS_REGION.
    private Dictionary<string, string> Environment() => new()
    {
        ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = _sim.ImdsUrl(_instanceId).AbsoluteUri,
        ["AWS_ENDPOINT_URL_CLOUDWATCH"] = _sim.Url.AbsoluteUri,
        ["AWS_ACCESS_KEY_ID"] = "AKIDMEDIANODETEST",
        ["AWS_SECRET_ACCESS_KEY"] = "media-node-test-secret",
        ["AWS_SESSION_TOKEN"] = "",
        ["AWS_REGION"] = "",
        ["AWS_DEFAULT_REGION"] = "",
        ["AWS_CONFIG_FILE"] = "/nonexistent/rtconaws-aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/rtconaws-aws-credentials",
    };

    [GeneratedRegex("^medianode_cloudwatch_heartbeats_total\\{result=\"sent\"\\} (\\d+)$", RegexOptions.Multiline)]
    private static partial Regex SentBeats();
}
