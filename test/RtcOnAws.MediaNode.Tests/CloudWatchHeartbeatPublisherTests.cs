using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.Aws;
using RtcOnAws.Aws.CloudWatch;
using RtcOnAws.AwsSimulator;
using RtcOnAws.MediaNode.Engine.Health;
using RtcOnAws.MediaNode.Engine.Metrics;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// <see cref="CloudWatchHeartbeat"/> in process on a <see cref="FakeTimeProvider"/>: beats only while /health passes,
/// survives and reports CloudWatch failures (a warning a minute at most). The test moves the clock beat by beat.
/// </summary>
public sealed class CloudWatchHeartbeatPublisherTests : IAsyncLifetime
{
    private const string Namespace = "RtcOnAws/MediaNode";
    private const string InstanceId = "i-0123456789abcdef0";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly HealthRegistry _health = new();
    private readonly MetricsRegistry _metrics = new();
    private readonly ListLogger _logger = new();

    // Starts at the real time: the simulator, like CloudWatch, refuses data points more than two weeks old.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
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
            await StartBeatAsync();
            await BeatAsync(2);
            Assert.Equal(3, Count("skipped_unhealthy"));
            Assert.Empty(_sim.Calls);
            Assert.Equal(0, _connects);

            _healthy = true;
            await BeatAsync(2);
            Assert.Equal(2, Count("sent"));

            _healthy = false;
            await BeatAsync(3);
            Assert.Equal(6, Count("skipped_unhealthy"));
        }

        Assert.Equal(1, _connects);
        var beats = _sim.CloudWatch.Datapoints;
        Assert.Equal(2, beats.Count);
        Assert.All(beats, beat => Assert.Equal(InstanceId, beat.Dimensions["InstanceId"]));
        Assert.Equal(Interval, beats[1].Timestamp - beats[0].Timestamp);
    }

    [Fact]
    public async Task FailuresAreCountedLoggedOncePerMinuteAndRecoveredFrom()
    {
        _healthy = true;
        _sim.Faults.FailNext(1_000_000, HttpStatusCode.InternalServerError, "PutMetricData");
        await using (Start())
        {
            await StartBeatAsync();
            await BeatAsync(2);
            Assert.Equal(3, Count("failed"));
            Assert.Single(Warnings());

            // Still failing a minute after the first warning: one more warning, not one per beat.
            await BeatAsync(57);
            Assert.Single(Warnings());
            await BeatAsync(1);
            Assert.Equal(2, Warnings().Count);

            _sim.Faults.Reset();
            await BeatAsync(1);
            Assert.Equal(1, Count("sent"));
        }

        Assert.Contains("CloudWatch heartbeat failed", Warnings()[0], StringComparison.Ordinal);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("sent again after", StringComparison.Ordinal));
        Assert.Single(_sim.CloudWatch.Datapoints);
    }

    private CloudWatchHeartbeat Start() => CloudWatchHeartbeat.Start(
        Namespace,
        Interval,
        _health,
        _metrics,
        _logger,
        _ =>
        {
            Interlocked.Increment(ref _connects);
            IAmazonCloudWatch client = new AmazonCloudWatchClient(new AwsClientOptions
            {
                Region = _sim.Region,
                ServiceUrl = _sim.Url,
                Credentials = new BasicAWSCredentials("AKIDHEARTBEAT", "heartbeat-secret"),
                Retry = new AwsRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10), MaxAttempts = 2 },
            });
            return Task.FromResult((InstanceId, client));
        },
        _time);

    /// <summary>All beats so far, whatever their result.</summary>
    private long Beats => Count("sent") + Count("failed") + Count("skipped_unhealthy");

    private List<string> Warnings() => _logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();

    /// <summary>The heartbeat beats once as it starts; waits (boundedly: it runs on its own task) until that beat is counted.</summary>
    private Task StartBeatAsync() => UntilAsync(() => Beats == 1);

    /// <summary>
    /// Moves the heartbeat's clock <paramref name="count"/> intervals, one at a time, each time waiting until that
    /// beat is counted (a longer step could fire the timer while a beat is still running, so its beats would vary).
    /// </summary>
    private async Task BeatAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var before = Beats;
            _time.Advance(Interval);
            await UntilAsync(() => Beats > before);
            Assert.Equal(before + 1, Beats);
        }
    }

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
