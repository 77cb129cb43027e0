using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Hosting;

namespace RtcOnAws.MediaNode;

/// <summary>
/// Publishes the CloudWatch heartbeat the SBC pair's alarm watches (<c>--heartbeat-namespace</c>). Without the flag the
/// node publishes nothing, exactly as before.
/// </summary>
public sealed class CloudWatchHeartbeatExtension : IMediaNodeExtension
{
    private const int DefaultIntervalSeconds = 5;

    // The alarm counts a period without a beat as a failure; its periods are 10 s.
    private const int MaxIntervalSeconds = 10;

    /// <summary>--heartbeat-namespace.</summary>
    public Option<string?> Namespace { get; } = new(Sbc.Contracts.MediaNodeFlags.HeartbeatNamespace)
    {
        Description = "CloudWatch namespace of the Heartbeat metric (RtcOnAws/MediaNode in the CDK app). Enables the heartbeat.",
    };

    /// <summary>--heartbeat-interval.</summary>
    public Option<int> Interval { get; } = new("--heartbeat-interval")
    {
        Description = $"Seconds between heartbeats (1-{MaxIntervalSeconds}).",
        DefaultValueFactory = _ => DefaultIntervalSeconds,
    };

    /// <inheritdoc />
    public void AddOptions(RootCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Namespace);
        command.Options.Add(Interval);
        command.Validators.Add(Validate);
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> StartAsync(MediaNodeEngine engine, ParseResult parseResult, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(loggers);
        if (parseResult.GetValue(Namespace) is not { } metricNamespace)
        {
            return Task.FromResult<IAsyncDisposable>(new NothingToStop());
        }

        var interval = TimeSpan.FromSeconds(parseResult.GetValue(Interval));
        IAsyncDisposable heartbeat = CloudWatchHeartbeat.Start(metricNamespace, interval, engine.Health, engine.Metrics, loggers.CreateLogger<CloudWatchHeartbeat>());
        return Task.FromResult(heartbeat);
    }

    private void Validate(CommandResult result)
    {
        if (result.GetResult(Namespace) is not null && result.GetValue(Namespace) is { } value
            && (value.Length is 0 or > 255 || value.StartsWith("AWS/", StringComparison.Ordinal) || value.Any(c => c > 127 || char.IsControl(c))))
        {
            result.AddError($"--heartbeat-namespace is \"{value}\"; expected 1-255 ASCII characters not starting with \"AWS/\" (e.g. RtcOnAws/MediaNode).");
        }

        if (result.GetResult(Interval) is not null && result.GetValue(Interval) is < 1 or > MaxIntervalSeconds)
        {
            result.AddError($"--heartbeat-interval is {result.GetValue(Interval)}; allowed: 1-{MaxIntervalSeconds} seconds.");
        }
    }

    private sealed class NothingToStop : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
