using System.CommandLine;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Hosting;
using RtcOnAws.MediaNode.HighAvailability;

namespace RtcOnAws.MediaNode;

/// <summary>Plugs the HA agent into the daemon: its flags on the root command, and the agent started on the bound engine.</summary>
public sealed class HighAvailabilityExtension : IMediaNodeExtension
{
    private readonly HighAvailabilityOptions _options = new();

    /// <inheritdoc />
    public void AddOptions(RootCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in _options.All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(_options.Validate);
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> StartAsync(MediaNodeEngine engine, ParseResult parseResult, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(loggers);
        AwsTakeoverContext? aws = null;
        if (_options.UsesAwsTakeover(parseResult))
        {
            var services = await AwsTakeoverServices.FromInstanceAsync(cancellationToken).ConfigureAwait(false);
            aws = await _options.DiscoverAwsAsync(parseResult, services, loggers.CreateLogger("RtcOnAws.MediaNode.HighAvailability.Takeover"), cancellationToken).ConfigureAwait(false);
        }

        var settings = _options.ToSettings(parseResult, engine.Settings.BindAddress, engine.Settings.PortMin, engine.Settings.PortMax, loggers, aws);
        if (settings is null)
        {
            return new NothingToStop();
        }

        return await HighAvailabilityService.StartAsync(settings, engine.Calls, engine.Relay, engine.Metrics, loggers).ConfigureAwait(false);
    }

    private sealed class NothingToStop : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
