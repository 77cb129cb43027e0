using System.CommandLine;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Hosting;
using RtcOnAws.MediaNode.HighAvailability;

namespace RtcOnAws.MediaNode;

/// <summary>Plugs the HA agent into the daemon: its flags on the root command, and the agent started on the bound engine.</summary>
public sealed class HighAvailabilityExtension : IMediaNodeExtension
{
    private readonly HighAvailabilityOptions _options = new();
    private readonly AwsTakeoverDiscovery _discovery;
    private readonly HighAvailabilityComposition _composition;

    /// <summary>The HA flags with their discovery and composition.</summary>
    public HighAvailabilityExtension()
    {
        _discovery = new AwsTakeoverDiscovery(_options);
        _composition = new HighAvailabilityComposition(_options);
    }

    /// <inheritdoc />
    public void AddOptions(RootCommand command) => _options.AddTo(command);

    /// <inheritdoc />
    public async Task<IAsyncDisposable> StartAsync(MediaNodeEngine engine, ParseResult parseResult, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(loggers);
        var arguments = _options.Resolve(parseResult);
        AwsTakeoverContext? aws = null;
        if (_discovery.IsNeeded(arguments))
        {
            var services = await AwsTakeoverServices.FromInstanceAsync(cancellationToken).ConfigureAwait(false);
            aws = await _discovery.DiscoverAsync(arguments, services, loggers.CreateLogger("RtcOnAws.MediaNode.HighAvailability.Takeover"), cancellationToken).ConfigureAwait(false);
            arguments = arguments.With(aws.Discovered);
        }

        var settings = _composition.ToSettings(arguments, engine.Settings.BindAddress, engine.Settings.PortMin, engine.Settings.PortMax, new HighAvailabilityStart(loggers, aws));
        if (settings is null)
        {
            return new NothingToStop();
        }

        // A certificate file given by the operator is the pair's; otherwise the pair shares the one in Redis.
        settings = settings with { ShareDtlsCertificate = engine.Settings.DtlsCertificate is null };
        return await HighAvailabilityService.StartAsync(settings, engine.Calls, engine.Relay, engine.Metrics, loggers, cancellationToken).ConfigureAwait(false);
    }

    private sealed class NothingToStop : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
