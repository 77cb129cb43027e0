using System.Net;
using RtcOnAws.Aws.CloudWatch;
using RtcOnAws.Aws.CloudWatch.Model;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary><see cref="AmazonCloudWatchClient.PutMetricDataAsync"/> against the simulator: wire format, errors, retries.</summary>
public sealed class CloudWatchClientTests : IAsyncLifetime
{
    private const string Namespace = "RtcOnAws/MediaNode";
    private AwsWireSimulator _sim = null!;
    private AmazonCloudWatchClient _cloudWatch = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _cloudWatch = TestClients.CloudWatch(_sim);
    }

    public async Task DisposeAsync()
    {
        _cloudWatch.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task A_heartbeat_is_recorded_with_its_dimension_unit_resolution_and_timestamp()
    {
        var at = DateTime.UtcNow.AddSeconds(-3);
        var response = await _cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = Namespace,
            MetricData =
            [
                Heartbeat("i-0123456789abcdef0", at),
                new MetricDatum { MetricName = "Calls", Value = 12.5, Unit = StandardUnit.None, Dimensions = [new Dimension { Name = "Node", Value = "a b/c" }] },
            ],
        });

        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        Assert.Matches("^[0-9a-f-]{36}$", response.ResponseMetadata.RequestId);
        var beat = Assert.Single(_sim.CloudWatch.GetDatapoints(Namespace, "Heartbeat", new Dictionary<string, string> { ["InstanceId"] = "i-0123456789abcdef0" }));
        Assert.Equal((1.0, "Count", 1), (beat.Value, beat.Unit, beat.StorageResolution));
        Assert.InRange((beat.Timestamp - new DateTimeOffset(at)).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        var calls = Assert.Single(_sim.CloudWatch.GetDatapoints(Namespace, "Calls"));
        Assert.Equal((12.5, 60, "a b/c"), (calls.Value, calls.StorageResolution, calls.Dimensions["Node"]));
        Assert.Equal(("monitoring", "PutMetricData"), (_sim.AwsCalls[0].Service, _sim.AwsCalls[0].Action));
    }

    [Fact]
    public async Task A_reserved_namespace_maps_InvalidParameterValue_and_stores_nothing()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => SendRawAsync("AWS/EC2"));

        Assert.Equal(("InvalidParameterValue", HttpStatusCode.BadRequest, "monitoring"), (error.ErrorCode, error.StatusCode, error.ServiceName));
        Assert.Contains("Namespace", error.ErrorMessage);
        Assert.NotNull(error.RequestId);
        Assert.False(error.IsRetryable);
        Assert.Empty(_sim.CloudWatch.Datapoints);
        Assert.Single(_sim.AwsCalls);
    }

    [Fact]
    public async Task Throttling_is_retried_until_the_beat_is_recorded()
    {
        _sim.Faults.ThrottleNext(5, "PutMetricData");
        _sim.Faults.FailNext(2, HttpStatusCode.InternalServerError, "PutMetricData");

        await _cloudWatch.PutMetricDataAsync(new PutMetricDataRequest { Namespace = Namespace, MetricData = [Heartbeat("i-0aaaaaaaaaaaaaaa1", null)] });

        Assert.Single(_sim.CloudWatch.Datapoints);
        Assert.Equal(8, _sim.AwsCalls.Count);
        Assert.Equal(5, _sim.AwsCalls.Count(c => c.ErrorCode == "Throttling" && c.StatusCode == 400));
    }

    [Theory]
    [InlineData(null, "Namespace")]
    [InlineData("AWS/EC2", "AWS/")]
    public async Task A_bad_namespace_is_rejected_client_side(string? @namespace, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = @namespace, MetricData = [Heartbeat("i-1", null)],
        }));

        Assert.Contains(expected, error.Message);
        Assert.Empty(_sim.AwsCalls);
    }

    [Fact]
    public async Task A_bad_storage_resolution_or_missing_value_is_rejected_client_side()
    {
        var resolution = await Assert.ThrowsAsync<ArgumentException>(() => _cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = Namespace, MetricData = [new MetricDatum { MetricName = "Heartbeat", Value = 1, StorageResolution = 5 }],
        }));
        var value = await Assert.ThrowsAsync<ArgumentException>(() => _cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = Namespace, MetricData = [new MetricDatum { MetricName = "Heartbeat", Value = double.NaN }],
        }));

        Assert.Contains("StorageResolution", resolution.Message);
        Assert.Contains("Value", value.Message);
        Assert.Empty(_sim.AwsCalls);
    }

    private static MetricDatum Heartbeat(string instanceId, DateTime? at) => new()
    {
        MetricName = "Heartbeat",
        Value = 1,
        Unit = StandardUnit.Count,
        StorageResolution = 1,
        Timestamp = at,
        Dimensions = [new Dimension { Name = "InstanceId", Value = instanceId }],
    };

    // The client refuses a reserved namespace itself, so the server-side check is reached with a raw signed Query request.
    private async Task SendRawAsync(string @namespace)
    {
        using var sender = new Runtime.AwsHttpSender(Runtime.AwsService.CloudWatch, TestClients.Options(_sim));
        var query = new Runtime.QueryRequestBuilder("PutMetricData", "2010-08-01")
            .Add("Namespace", @namespace)
            .Add("MetricData.member.1.MetricName", "Heartbeat")
            .Add("MetricData.member.1.Value", "1");
        await sender.SendAsync(query.Build("PutMetricData"), CancellationToken.None);
    }
}
