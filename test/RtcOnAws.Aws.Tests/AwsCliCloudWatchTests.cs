using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>The real AWS CLI v2 publishes the media node's heartbeat to the simulator's CloudWatch (Query protocol, service "monitoring").</summary>
public sealed class AwsCliCloudWatchTests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _cli = new AwsCli(_sim);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Put_metric_data_records_a_high_resolution_heartbeat()
    {
        await _cli.RunAsync("cloudwatch", "put-metric-data", "--namespace", "RtcOnAws/MediaNode", "--metric-name", "Heartbeat",
            "--dimensions", "InstanceId=i-0123456789abcdef0", "--value", "1", "--unit", "Count", "--storage-resolution", "1");

        var beat = Assert.Single(_sim.CloudWatch.GetDatapoints("RtcOnAws/MediaNode", "Heartbeat",
            new Dictionary<string, string> { ["InstanceId"] = "i-0123456789abcdef0" }));
        Assert.Equal((1.0, "Count", 1), (beat.Value, beat.Unit, beat.StorageResolution));
        Assert.Equal(("monitoring", "PutMetricData", 200), (_sim.AwsCalls[0].Service, _sim.AwsCalls[0].Action, _sim.AwsCalls[0].StatusCode));
    }

    [Fact]
    public async Task A_reserved_namespace_fails_with_InvalidParameterValue()
    {
        var (exitCode, _, stderr) = await _cli.RunRawAsync("cloudwatch", "put-metric-data", "--namespace", "AWS/EC2",
            "--metric-name", "Heartbeat", "--value", "1");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("InvalidParameterValue", stderr);
        Assert.Empty(_sim.CloudWatch.Datapoints);
    }
}
