using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RtcOnAws.Aws;
using RtcOnAws.MediaNode.Engine.Hosting;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using RtcOnAws.MediaNode.Relay.Kernel;

namespace RtcOnAws.MediaNode;

/// <summary>Runs the media-node daemon from parsed options until SIGTERM/SIGINT, then releases everything.</summary>
public sealed class Daemon(DaemonOptions options, IReadOnlyList<IMediaNodeExtension> extensions)
{
    /// <summary>Exit code for invalid options.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when a socket cannot be bound or the engine fails at start.</summary>
    public const int StartFailure = 1;

    /// <summary>The root command's action.</summary>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        MediaNodeSettings settings;
        IPEndPoint? http;
        ILoggerFactory loggers;
        try
        {
            settings = options.ToSettings(parse);
            http = options.HttpEndPoint(parse);
            loggers = LoggingSetup.Create(LoggingSetup.ParseLevel(parse.GetValue(options.LogLevel)!), parse.GetValue(options.LogFormat)!);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return UsageError;
        }

        using (loggers)
        {
            var logger = loggers.CreateLogger("RtcOnAws.MediaNode");
            if (!CheckControlAddress(settings.NgListen.Address, "--listen-ng", parse.GetValue(options.AllowPublicControl), logger)
                || (http is not null && !CheckControlAddress(http.Address, "--listen-http", parse.GetValue(options.AllowPublicControl), logger)))
            {
                return UsageError;
            }

            using var signals = new ShutdownSignals(cancellationToken);
            return await ServeAsync(settings, http, parse, loggers, logger, signals).ConfigureAwait(false);
        }
    }

    private static bool CheckControlAddress(IPAddress address, string flag, bool allowPublic, ILogger logger)
    {
        if (AddressPolicy.IsPrivate(address) && !AddressPolicy.IsWildcard(address))
        {
            return true;
        }

        if (!allowPublic)
        {
            logger.LogCritical(
                "Refusing {Flag} on {Address}: it is public or a wildcard and the control protocols have no authentication. Use a loopback/private address, or pass --allow-public-control behind a firewall",
                flag,
                address);
            return false;
        }

        logger.LogWarning("SECURITY: {Flag} listens on public/wildcard address {Address}; anyone who can reach it controls calls. Restrict it with a firewall/security group", flag, address);
        return true;
    }

    private async Task<int> ServeAsync(MediaNodeSettings settings, IPEndPoint? http, ParseResult parse, ILoggerFactory loggers, ILogger logger, ShutdownSignals signals)
    {
        MediaNodeEngine engine;
        try
        {
            engine = await MediaNodeEngine.CreateAsync(settings, loggers).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException)
        {
            logger.LogCritical("media-node cannot start: {Error}", exception.Message);
            return StartFailure;
        }

        var started = new List<IAsyncDisposable>();
        MonitoringHttpServer? monitoring = null;
        try
        {
            if (http is not null)
            {
                monitoring = await MonitoringHttpServer.StartAsync(http, engine.Health, engine.Metrics, engine.Relay, loggers.CreateLogger<MonitoringHttpServer>(), signals.Token).ConfigureAwait(false);
            }

            foreach (var extension in extensions)
            {
                started.Add(await extension.StartAsync(engine, parse, loggers, signals.Token).ConfigureAwait(false));
            }

            logger.LogInformation(
                "media-node started: interface {Interface} ({Bind} advertised as {Advertised}){Additional}, media ports {PortMin}-{PortMax}, ng udp {Ng}, timeout {Timeout} s, endpoint learning {Learning}, {Loops} relay loops ({Backend}), kernel forwarding {Kernel}",
                settings.InterfaceName,
                settings.BindAddress,
                settings.AdvertisedAddress,
                string.Concat(settings.AdditionalInterfaces.Select(i => $", interface {i.Name} advertised as {i.AdvertisedAddress}")),
                settings.PortMin,
                settings.PortMax,
                engine.Ng.LocalEndPoint,
                settings.MediaTimeout.TotalSeconds,
                settings.EndpointLearning,
                settings.RelayLoops,
                settings.RelayBackend,
                engine.Relay.KernelForwardingActive ? $"on (nftables table ip {settings.KernelTableName})" : engine.Relay.KernelForwardingUnavailableReason);
            await engine.RunAsync(signals.Token).ConfigureAwait(false);
            logger.LogInformation("media-node stopping ({Signal}): ending {Calls} calls", signals.Received?.ToString() ?? "cancelled", engine.Calls.CallCount);
            return 0;
        }
        catch (Exception exception) when (exception is IOException or SocketException or AwsException or AwsPairDiscoveryException or KernelForwardingUnavailableException)
        {
            logger.LogCritical("media-node cannot start: {Error}", exception.Message);
            return StartFailure;
        }
        catch (FormatException exception)
        {
            // An option that could only be checked at start (a discovered value, a file read then).
            logger.LogCritical("media-node cannot start: {Error}", exception.Message);
            return UsageError;
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            // A signal during a long start (waiting for the HA peer to boot) ends the start.
            logger.LogInformation("media-node stopping ({Signal}) before it finished starting", signals.Received?.ToString() ?? "cancelled");
            return 0;
        }
        finally
        {
            for (var i = started.Count - 1; i >= 0; i--)
            {
                await started[i].DisposeAsync().ConfigureAwait(false);
            }

            if (monitoring is not null)
            {
                await monitoring.DisposeAsync().ConfigureAwait(false);
            }

            await engine.DisposeAsync().ConfigureAwait(false);
            logger.LogInformation("media-node stopped: every call ended, every port and socket released");
        }
    }
}
