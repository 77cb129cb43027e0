using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Metrics;
using RtcOnAws.MediaNode.HighAvailability.Dtls;
using RtcOnAws.MediaNode.HighAvailability.Mirror;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.Relay;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability;

/// <summary>
/// The HA agent of one media node: writes its calls to Redis while active, mirrors the active's calls (ports bound)
/// while standby, holds or watches the lease, exchanges heartbeats, fences itself, and moves the floating address.
/// </summary>
public sealed class HighAvailabilityService : IAsyncDisposable, IRoleListener, ICallObserver
{
    private readonly HighAvailabilitySettings _settings;
    private readonly CallRegistry _registry;
    private readonly RedisConnections _connections;
    private readonly CallStateWriter _writer;
    private readonly StandbyMirror _mirror;
    private readonly HeartbeatChannel? _heartbeats;
    private readonly RoleCoordinator _coordinator;
    private readonly BlockingRedisConnection _leaseConnection;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stop = new();
    private Task _acquiring = Task.CompletedTask;

    private HighAvailabilityService(
        HighAvailabilitySettings settings,
        CallRegistry registry,
        RelayEngine relay,
        RedisConnections connections,
        HighAvailabilityMetrics metrics,
        ILoggerFactory loggers)
    {
        _settings = settings;
        _registry = registry;
        _connections = connections;
        Metrics = metrics;
        _logger = loggers.CreateLogger("RtcOnAws.MediaNode.HighAvailability");
        _loggers = loggers;
        var keys = new CallKeys(settings.KeyPrefix);
        var store = new RedisCallStore(connections.Data, keys, settings.Redis.Database);
        _writer = new CallStateWriter(store, settings.Expiry, MediaFlowing, metrics, loggers.CreateLogger<CallStateWriter>(), settings.Time);
        var rules = new CallRecordRules(settings.FloatingAddress, settings.PortMin, settings.PortMax);
        _mirror = new StandbyMirror(store, connections.Data.GetSubscriber(), new EngineCallReplica(registry), rules, metrics, loggers.CreateLogger<StandbyMirror>(), settings.Time);
        // A slow reply still confirms the lease from the instant its command was sent, so waiting a whole TTL for it
        // costs nothing; timing out earlier would only add a reconnect in front of the next renewal.
        _leaseConnection = connections.CreateLeaseConnection(settings.Roles.LeaseTtl);
        // The roles' clock is the relay's: the fencing deadline they compute is compared with the relay's timestamps.
        var lease = new LeaderLease(_leaseConnection, keys.LeaseKey, settings.NodeId, settings.Roles.LeaseTtl, relay.Time);
        RoleCoordinator? coordinator = null;
        if (settings.Heartbeat is { } heartbeat)
        {
            _heartbeats = new HeartbeatChannel(heartbeat, settings.NodeId, () => coordinator?.Role ?? NodeRole.Standby, metrics, loggers.CreateLogger<HeartbeatChannel>(), relay.Time);
        }

        var heartbeats = _heartbeats;
        coordinator = new RoleCoordinator(
            settings.Roles,
            lease,
            heartbeats is null ? static () => PeerStatus.Unknown : () => heartbeats.Peer,
            new RelayForwardingGate(relay),
            this,
            metrics,
            loggers.CreateLogger<RoleCoordinator>(),
            relay.Time);
        _coordinator = coordinator;
    }

    /// <summary>HA counters (also on <c>/metrics</c> when a registry was given).</summary>
    public HighAvailabilityMetrics Metrics { get; }

    /// <summary>This node's role now.</summary>
    public NodeRole Role => _coordinator.Role;

    /// <summary>The mirror (for diagnostics and the cold-restore benchmark).</summary>
    public StandbyMirror Mirror => _mirror;

    /// <summary>The writer (for diagnostics and tests).</summary>
    public CallStateWriter Writer => _writer;

    /// <summary>
    /// Connects to Redis (or keeps trying in the background), takes the pair's DTLS certificate from it (waiting for
    /// Redis, see <see cref="PairDtlsCertificate.LoadAsync"/>; unless <see cref="HighAvailabilitySettings.ShareDtlsCertificate"/>
    /// is off), mirrors the calls already stored, then starts the role state machine as standby. The node becomes
    /// active by taking the lease. <paramref name="cancellationToken"/> ends a start that waits for Redis.
    /// </summary>
    public static async Task<HighAvailabilityService> StartAsync(
        HighAvailabilitySettings settings,
        CallRegistry registry,
        RelayEngine relay,
        MetricsRegistry? metricsRegistry,
        ILoggerFactory loggers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(loggers);
        var metrics = new HighAvailabilityMetrics(settings.Time);
        if (metricsRegistry is not null)
        {
            metrics.RegisterWith(metricsRegistry);
        }

        var logger = loggers.CreateLogger("RtcOnAws.MediaNode.HighAvailability");
        var connections = await RedisConnections.ConnectAsync(settings.Redis, logger).ConfigureAwait(false);
        var service = new HighAvailabilityService(settings, registry, relay, connections, metrics, loggers);
        try
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await service.AbandonStartAsync().ConfigureAwait(false);
            throw;
        }

        return service;
    }

    /// <inheritdoc />
    public void OnCallChanged(CallSnapshot snapshot)
    {
        // Recorded in every role: a change while the writer is off (a standby, or a promotion still acquiring the
        // address) is written once it is on; the mirror's restores do not notify.
        _writer.Put(CallRecordMapper.ToRecord(snapshot, _settings.NodeId, _settings.FloatingAddress, _settings.Time.GetUtcNow()));
    }

    /// <inheritdoc />
    public void OnCallDeleted(string callId, CallEndReason reason)
    {
        // A shutdown keeps the calls for the standby; a programmatic delete is the mirror following Redis. A delete
        // while the writer is off is recorded like a change and deleted from Redis once it is on.
        if (reason is CallEndReason.Deleted or CallEndReason.MediaTimeout)
        {
            _writer.Remove(callId);
        }
    }

    /// <inheritdoc />
    public void OnRoleChanging(NodeRole from, NodeRole to)
    {
        if (from == NodeRole.Standby && to == NodeRole.Active)
        {
            // The local takeover completes right here (netlink + gratuitous ARP); the AWS one continues asynchronously.
            _acquiring = AcquireAddressAsync();
        }
    }

    /// <inheritdoc />
    public async Task OnRoleChangedAsync(NodeRole from, NodeRole to, string reason)
    {
        switch (to)
        {
            case NodeRole.Active:
                _mirror.Enabled = false;
                _registry.MediaTimeoutPaused = false;

                // Before waiting for the address: calls set up or ended meanwhile are recorded as changes over the
                // adopted set, so they are written (or deleted) once the writer is enabled.
                _writer.Adopt(CurrentRecords);
                if (from == NodeRole.Fenced)
                {
                    // Changes made while fenced were not written: Redis becomes exactly what we hold.
                    _writer.RewriteAll();
                }
                else
                {
                    // The calls are in Redis already (we mirrored them); the new generation makes the old active, now
                    // a standby, reconcile against what we hold.
                    _writer.PublishGeneration();
                }

                await _acquiring.ConfigureAwait(false);
                _writer.Enabled = true;
                break;
            case NodeRole.Fenced:
                _writer.Enabled = false;
                break;
            default:
                _writer.Enabled = false;
                _writer.Clear();
                _registry.MediaTimeoutPaused = true;
                if (from != NodeRole.Standby)
                {
                    await ReleaseAddressAsync().ConfigureAwait(false);
                }

                _mirror.Enabled = !_stop.IsCancellationRequested;
                break;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _coordinator.DisposeAsync().ConfigureAwait(false);
        _leaseConnection.Dispose();
        _heartbeats?.Dispose();
        await _mirror.DisposeAsync().ConfigureAwait(false);
        await _writer.FlushAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _registry.MediaTimeoutPaused = true;

        // Heartbeats first, as a standby: while Redis is down an active whose peer restarted keeps (or resumes)
        // serving on this node's word, even while this node waits for Redis below.
        _heartbeats?.Start();
        if (_settings.ShareDtlsCertificate)
        {
            // Before the mirror restores a call: restored and new calls alike advertise the pair's fingerprint.
            var certificate = new PairDtlsCertificate(_connections.Data, new CallKeys(_settings.KeyPrefix), _settings.Redis.Database, Metrics, _loggers.CreateLogger<PairDtlsCertificate>(), _settings.Time);
            _registry.UseDtlsCertificate(await certificate.LoadAsync(cancellationToken).ConfigureAwait(false));
        }

        _registry.AddObserver(this);
        await CheckKeyspaceNotificationsAsync().ConfigureAwait(false);
        _connections.DataConnectionRestored += (_, _) =>
        {
            Metrics.RecordRedisReconnect();
            _mirror.RequestResync();
            if (_writer.Enabled)
            {
                _writer.RewriteAll();
            }
        };
        _mirror.Enabled = true;
        await _mirror.StartAsync().ConfigureAwait(false);

        // A node that starts while calls are stored mirrors them before it may become active and serve them.
        await _mirror.WaitIdleAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await _settings.Takeover.PrepareAsync(_stop.Token).ConfigureAwait(false);
        await _coordinator.WarmUpAsync().ConfigureAwait(false);
        _coordinator.Start();
        _logger.LogInformation(
            "HA started: node {NodeId}, Redis {Redis}, floating address {Address} ({Takeover}), heartbeats {Heartbeats}",
            _settings.NodeId, _settings.Redis, _settings.FloatingAddress, _settings.Takeover.Description,
            _settings.Heartbeat is { } h ? $"{h.Listen} <-> {h.Peer} every {h.Interval.TotalMilliseconds} ms" : "off");
    }

    /// <summary>
    /// A start cancelled while waiting for the pair's certificate: only heartbeats, the writer's idle loop and the
    /// connections run yet (the mirror never subscribed, so it is not asked to unsubscribe from an absent Redis).
    /// </summary>
    private async Task AbandonStartAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _coordinator.DisposeAsync().ConfigureAwait(false);
        _leaseConnection.Dispose();
        _heartbeats?.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task CheckKeyspaceNotificationsAsync()
    {
        try
        {
            var config = await _connections.DataServer().ConfigGetAsync("notify-keyspace-events").ConfigureAwait(false);
            var flags = config.FirstOrDefault().Value ?? string.Empty;
            var hasAll = flags.Contains('A', StringComparison.Ordinal);
            if (!flags.Contains('K', StringComparison.Ordinal) || !(hasAll || (flags.Contains('$', StringComparison.Ordinal) && flags.Contains('g', StringComparison.Ordinal) && flags.Contains('x', StringComparison.Ordinal))))
            {
                _logger.LogError(
                    "Redis notify-keyspace-events is '{Flags}'; the standby needs at least 'K$gx' (set it in redis.conf or the ElastiCache parameter group). Until then only full rescans update the standby.",
                    flags);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning("Cannot read notify-keyspace-events ({Error}); make sure it includes 'K$gx'", e.Message);
        }
    }

    private async Task AcquireAddressAsync()
    {
        try
        {
            await _settings.Takeover.AcquireAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError(e, "Taking over the floating address ({Takeover}) failed", _settings.Takeover.Description);
        }
    }

    private async Task ReleaseAddressAsync()
    {
        try
        {
            await _settings.Takeover.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError(e, "Releasing the floating address ({Takeover}) failed", _settings.Takeover.Description);
        }
    }

    private IEnumerable<CallRecord> CurrentRecords() =>
        _registry.GetSnapshots().Select(s => CallRecordMapper.ToRecord(s, _settings.NodeId, _settings.FloatingAddress, _settings.Time.GetUtcNow()));

    private bool MediaFlowing(string callId)
    {
        var refreshWindow = _settings.Expiry / 3 * 2;
        var sinceLastPacket = _registry.Inspect(callId, call => new StrongBox<TimeSpan?>(
            call.Legs.SelectMany(l => l.Medias).Select(m => m.Stream?.Counters.SinceLastPacket).Min()));
        return sinceLastPacket?.Value is { } since && since < refreshWindow;
    }
}
