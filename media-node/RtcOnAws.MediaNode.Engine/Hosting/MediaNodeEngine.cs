using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Commands;
using RtcOnAws.MediaNode.Engine.Health;
using RtcOnAws.MediaNode.Engine.Metrics;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.Engine.Hosting;

/// <summary>
/// The composed control plane: relay engine, port pool, call registry, ng server, media-timeout sweeper, metrics and
/// health. <see cref="CreateAsync"/> binds every socket (so errors surface before anything runs); <see cref="RunAsync"/>
/// serves until cancelled; <see cref="DisposeAsync"/> ends every call and releases every port and socket.
/// </summary>
public sealed class MediaNodeEngine : IAsyncDisposable
{
    private readonly MediaTimeoutSweeper _sweeper;
    private int _disposed;

    private MediaNodeEngine(MediaNodeSettings settings, TimeProvider time, RelayEngine relay, PortPool ports, CallRegistry calls, NgServer ng, MetricsRegistry metrics, HealthRegistry health, MediaTimeoutSweeper sweeper)
    {
        Settings = settings;
        Time = time;
        Relay = relay;
        Ports = ports;
        Calls = calls;
        Ng = ng;
        Metrics = metrics;
        Health = health;
        _sweeper = sweeper;
    }

    /// <summary>The settings the engine runs with.</summary>
    public MediaNodeSettings Settings { get; }

    /// <summary>The one clock of the node: relay, calls, ng reply cache and media timeout read it; extensions should too.</summary>
    public TimeProvider Time { get; }

    /// <summary>The data plane.</summary>
    public RelayEngine Relay { get; }

    /// <summary>The media port pool.</summary>
    public PortPool Ports { get; }

    /// <summary>The calls (and the HA snapshot/restore/observer API).</summary>
    public CallRegistry Calls { get; }

    /// <summary>The ng control socket.</summary>
    public NgServer Ng { get; }

    /// <summary>The metrics rendered at <c>/metrics</c>; extensions add their families here.</summary>
    public MetricsRegistry Metrics { get; }

    /// <summary>The checks behind <c>/health</c>; extensions add theirs here.</summary>
    public HealthRegistry Health { get; }

    /// <summary>Creates and binds everything and starts the relay loops; the ng loop starts in <see cref="RunAsync"/>.</summary>
    public static async Task<MediaNodeEngine> CreateAsync(MediaNodeSettings settings, ILoggerFactory loggers, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var relay = new RelayEngine(
            new RelayEngineOptions
            {
                LoopCount = settings.RelayLoops,
                Backend = settings.RelayBackend,
                DefaultEndpointLearning = settings.EndpointLearning,
                KernelForwarding = settings.KernelForwarding,
                KernelTableName = settings.KernelTableName,
            },
            loggers.CreateLogger<RelayEngine>(),
            time);
        CallRegistry? calls = null;
        try
        {
            var ports = new PortPool(relay, settings.BindAddress, settings.PortMin, settings.PortMax);
            relay.Start();
            var advertised = settings.AdvertisedAddress ?? settings.BindAddress;
            MediaInterface[] interfaces = [new(settings.InterfaceName, advertised), .. settings.AdditionalInterfaces];
            calls = new CallRegistry(
                ports,
                new CallRegistryOptions
                {
                    AdvertisedAddress = advertised,
                    InterfaceAddresses = interfaces.ToDictionary(i => i.Name, i => i.AdvertisedAddress, StringComparer.Ordinal),
                    DefaultEndpointLearning = settings.EndpointLearning,
                    FreeBind = settings.FreeBind,
                    DtlsCertificate = settings.DtlsCertificate,
                },
                loggers.CreateLogger<CallRegistry>(),
                time);
            var metrics = new MetricsRegistry();
            var ngMetrics = new NgMetrics(metrics);
            var reader = new OfferAnswerRequestReader(advertised, [.. interfaces.Select(i => i.Name)]);
            INgCommand[] commands =
            [
                new PingCommand(),
                new OfferCommand(calls, reader),
                new AnswerCommand(calls, reader),
                new DeleteCommand(calls),
                new QueryCommand(calls),
                new ListCommand(calls),
                new StatisticsCommand(calls, relay, ngMetrics, time),
            ];
            var dispatcher = new NgCommandDispatcher(commands, ngMetrics, loggers.CreateLogger<NgCommandDispatcher>());
            var ng = new NgServer(settings.NgListen, dispatcher, ngMetrics, settings.Ng, loggers.CreateLogger<NgServer>(), time);
            MediaNodeMetrics.Register(metrics, calls, relay);
            RuntimeMemoryMetrics.Register(metrics);
            var health = new HealthRegistry();
            health.Add("ng", () => new HealthStatus(ng.IsRunning, ng.IsRunning ? $"listening on udp {ng.LocalEndPoint}" : "not running"));
            health.Add("relay", () => new HealthStatus(relay.IsStarted, relay.IsStarted ? $"{settings.RelayLoops} loops, {relay.ActiveStreams} streams" : "not running"));
            var sweeper = new MediaTimeoutSweeper(calls, settings.MediaTimeout, loggers.CreateLogger<MediaTimeoutSweeper>(), time);
            return new MediaNodeEngine(settings, time, relay, ports, calls, ng, metrics, health, sweeper);
        }
        catch
        {
            if (calls is not null)
            {
                await calls.DisposeAsync().ConfigureAwait(false);
            }

            await relay.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves ng requests and sweeps silent calls until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Ng.RunAsync(cancellationToken), _sweeper.RunAsync(cancellationToken));

    /// <summary>Ends every call (observers see <see cref="CallEndReason.Shutdown"/>), then closes the ng socket and the relay.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Ng.DisposeAsync().ConfigureAwait(false);
        await Calls.DisposeAsync().ConfigureAwait(false);
        await Relay.DisposeAsync().ConfigureAwait(false);
    }
}
