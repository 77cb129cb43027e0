using Microsoft.Extensions.Logging;
using RtcOnAws.Aws;
using RtcOnAws.Aws.CloudWatch;
using RtcOnAws.Aws.CloudWatch.Model;
using RtcOnAws.Aws.Imds;
using RtcOnAws.MediaNode.Engine.Health;
using RtcOnAws.MediaNode.Engine.Metrics;

namespace RtcOnAws.MediaNode;

/// <summary>
/// Sends metric <c>Heartbeat</c> = 1 (Count, high resolution, dimension <c>InstanceId</c>) every interval while every
/// <c>/health</c> check passes, so the pair's alarm fires when the node dies or turns unhealthy. Runs on its own task:
/// a slow or failing CloudWatch never touches the relay. Failures are logged at most once a minute.
/// </summary>
public sealed class CloudWatchHeartbeat : IAsyncDisposable
{
    /// <summary>The metric the SBC pair's alarm watches.</summary>
    public const string MetricName = "Heartbeat";

    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromMinutes(1);
    private readonly string _namespace;
    private readonly TimeSpan _interval;
    private readonly HealthRegistry _health;
    private readonly Counter _beats;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<(string InstanceId, IAmazonCloudWatch Client)>> _connect;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private (string InstanceId, IAmazonCloudWatch Client)? _target;
    private DateTimeOffset _lastFailureLogged = DateTimeOffset.MinValue;
    private int _failuresSinceSuccess;

    private CloudWatchHeartbeat(
        string metricNamespace,
        TimeSpan interval,
        HealthRegistry health,
        MetricsRegistry metrics,
        ILogger logger,
        TimeProvider time,
        Func<CancellationToken, Task<(string InstanceId, IAmazonCloudWatch Client)>>? connect)
    {
        _namespace = metricNamespace;
        _interval = interval;
        _health = health;
        _logger = logger;
        _time = time;
        _connect = connect ?? ConnectFromEnvironmentAsync;
        _beats = metrics.CreateCounter(
            "medianode_cloudwatch_heartbeats_total",
            "CloudWatch heartbeats by result: sent, failed, skipped_unhealthy (not sent because a /health check failed).",
            "result");
    }

    /// <summary>
    /// Starts beating at once, then every <paramref name="interval"/>. <paramref name="connect"/> names the instance and
    /// the client to send with (first needed at the first healthy beat, retried until it works); default: instance id
    /// from IMDSv2 and a CloudWatch client configured from the environment.
    /// </summary>
    public static CloudWatchHeartbeat Start(
        string metricNamespace,
        TimeSpan interval,
        HealthRegistry health,
        MetricsRegistry metrics,
        ILogger logger,
        Func<CancellationToken, Task<(string InstanceId, IAmazonCloudWatch Client)>>? connect = null,
        TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        var heartbeat = new CloudWatchHeartbeat(metricNamespace, interval, health, metrics, logger, time ?? TimeProvider.System, connect);
        heartbeat._loop = Task.Run(() => heartbeat.RunAsync(heartbeat._stop.Token));
        logger.LogInformation("CloudWatch heartbeat: {Namespace}/{Metric} every {Interval} s while healthy", metricNamespace, MetricName, interval.TotalSeconds);
        return heartbeat;
    }

    /// <summary>Stops beating; the alarm then sees missing data, which is what a stopped node should look like.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _target?.Client.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            do
            {
                await BeatAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (!_health.Evaluate().All(check => check.Status.Healthy))
        {
            _beats.Increment("skipped_unhealthy");
            return;
        }

        try
        {
            var (instanceId, client) = _target ??= await _connect(cancellationToken).ConfigureAwait(false);
            await client.PutMetricDataAsync(
                new PutMetricDataRequest
                {
                    Namespace = _namespace,
                    MetricData =
                    [
                        new MetricDatum
                        {
                            MetricName = MetricName,
                            Value = 1,
                            Unit = StandardUnit.Count,
                            StorageResolution = 1,
                            Timestamp = _time.GetUtcNow().UtcDateTime,
                            Dimensions = [new Dimension { Name = "InstanceId", Value = instanceId }],
                        },
                    ],
                },
                cancellationToken).ConfigureAwait(false);
            _beats.Increment("sent");
            if (_failuresSinceSuccess > 0)
            {
                _logger.LogInformation("CloudWatch heartbeat sent again after {Failures} failed attempts", _failuresSinceSuccess);
                _failuresSinceSuccess = 0;
                _lastFailureLogged = DateTimeOffset.MinValue;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure (IMDS, credentials, CloudWatch, network) only costs this beat; the next tick tries again.
            _beats.Increment("failed");
            _failuresSinceSuccess++;
            var now = _time.GetUtcNow();
            if (now - _lastFailureLogged >= FailureLogInterval)
            {
                _lastFailureLogged = now;
                _logger.LogWarning("CloudWatch heartbeat failed ({Failures} failed attempts since the last success): {Error}", _failuresSinceSuccess, exception.Message);
            }
        }
    }

    // Instance id from IMDSv2; region from AWS_REGION / AWS_DEFAULT_REGION, else IMDS (what an instance knows about itself).
    private async Task<(string InstanceId, IAmazonCloudWatch Client)> ConnectFromEnvironmentAsync(CancellationToken cancellationToken)
    {
        using var metadata = new InstanceMetadataClient();
        var instanceId = await metadata.GetInstanceIdAsync(cancellationToken).ConfigureAwait(false);
        var region = await InstanceRegion.ResolveAsync(metadata, cancellationToken).ConfigureAwait(false);

        // A beat that cannot be delivered within one interval is stale; the next beat replaces it.
        var retry = new AwsRetryOptions { CallTimeout = _interval };
        return (instanceId, new AmazonCloudWatchClient(new AwsClientOptions { Region = region, Retry = retry, TimeProvider = _time }));
    }
}
