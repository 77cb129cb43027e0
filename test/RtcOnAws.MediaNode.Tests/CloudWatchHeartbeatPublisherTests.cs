using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using RtcOnAws.Aws;
using RtcOnAws.Aws.CloudWatch;
using RtcOnAws.AwsSimulator;
using RtcOnAws.MediaNode.Engine.Health;
using RtcOnAws.MediaNode.Engine.Metrics;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary><see cref="CloudWatchHeartbeat"/> in process: beats only while /health passes, survives and reports CloudWatch failures.</summary>
public sealed class CloudWatchHeartbeatPublisherTests : IAsyncLifetime
{
    private const string Namespace = "RtcOnAws/MediaNode";
    private const string InstanceId = "i-0123456789abcdef0";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly HealthRegistry _health = new();
    private readonly MetricsRegistry _metrics = new();
    private readonly ListLogger _logger = new();
    private AwsWireSimulator _sim = null!;
    private volatile bool _healthy;
    private int _connects;

    public async Task InitializeAsync()
    {
        _sim = await AwsWireSimulator.StartAsync();
        _health.Add("test", () => new HealthStatus(_healthy, _healthy ? "up" : "down"));
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task BeatsOnlyWhileEveryHealthCheckPasses()
    {
        await using (Start())
        {
            await UntilAsync(() => Count("skipped_unhealthy") >= 3);
            Assert.Empty(_sim.Calls);
            Assert.Equal(0, _connects);

            _healthy = true;
            await UntilAsync(() => Count("sent") >= 2);

            _healthy = false;
            var sentBefore = _sim.CloudWatch.Datapoints.Count;
            var skippedBefore = Count("skipped_unhealthy");
            await UntilAsync(() => Count("skipped_unhealthy") >= skippedBefore + 3);

            // A beat already in flight when health dropped may still land; no later one does.
            Assert.InRange(_sim.CloudWatch.Datapoints.Count, sentBefore, sentBefore + 1);
        }

        Assert.Equal(1, _connects);
        Assert.All(_sim.CloudWatch.Datapoints, beat => Assert.Equal(InstanceId, beat.Dimensions["InstanceId"]));
    }

    [Fact]
    public async Task FailuresAreCountedLoggedOnceAndRecoveredFrom()
    {
        _healthy = true;
        _sim.Faults.FailNext(1_000_000, HttpStatusCode.InternalServerError, "PutMetricData");
        await using (Start())
        {
            await UntilAsync(() => Count("failed") >= 3);
            _sim.Faults.Reset();
            await UntilAsync(() => Count("sent") >= 1);
        }

        var warnings = _logger.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Contains("CloudWatch heartbeat failed", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("sent again after", StringComparison.Ordinal));
        Assert.NotEmpty(_sim.CloudWatch.Datapoints);
    }

    private CloudWatchHeartbeat Start() => CloudWatchHeartbeat.Start(Namespace, TimeSpan.FromMilliseconds(200), _health, _metrics, _logger, _ =>
    {
        Interlocked.Increment(ref _connects);
        IAmazonCloudWatch client = new AmazonCloudWatchClient(new AwsClientOptions
        {
            Region = _sim.Region,
            ServiceUrl = _sim.Url,
            Credentials = new BasicAWSCredentials("AKIDHEARTBEAT", "heartbeat-secret"),
            Retry = new AwsRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10), CallTimeout = TimeSpan.FromMilliseconds(200) },
        });
        return Task.FromResult((InstanceId, client));
    });

    private long Count(string result)
    {
        var match = Regex.Match(_metrics.Render(), $"^medianode_cloudwatch_heartbeats_total\\{{result=\"{result}\"\\}} (\\d+)$", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {Wait}");
            await Task.Delay(50);
        }
    }

    private sealed class ListLogger : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<(LogLevel Level, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, string Message)> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
