using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// Runs the role state machine on its own thread: keeps the lease (renewing as active, trying to take it as standby
/// when allowed), reads the peer's heartbeats, applies <see cref="RoleRules"/> every tick, drives the forwarding gate
/// synchronously and hands slow work (address takeover, writer, mirror) to the <see cref="IRoleListener"/>.
/// Lease commands run asynchronously: a hanging Redis never stops the ticks that fence the node.
/// </summary>
public sealed class RoleCoordinator : IAsyncDisposable
{
    private readonly RoleOptions _options;
    private readonly LeaderLease _lease;
    private readonly Func<PeerStatus> _peer;
    private readonly IForwardingGate _gate;
    private readonly IRoleListener _listener;
    private readonly HighAvailabilityMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _ttlTicks;
    private readonly long _marginTicks;
    private readonly long _renewTicks;
    private readonly long _silentTicks;
    private readonly long _vouchTicks;
    private Thread? _thread;
    private Task _transitions = Task.CompletedTask;
    private Task<LeaseOutcome>? _leaseAttempt;
    private LeaseOutcome _lastLease = LeaseOutcome.Unreachable;
    private long _nextLeaseAttempt;
    private volatile NodeRole _role = NodeRole.Standby;

    /// <summary>Creates the coordinator; <see cref="Start"/> begins as standby.</summary>
    public RoleCoordinator(RoleOptions options, LeaderLease lease, Func<PeerStatus> peer, IForwardingGate gate, IRoleListener listener, HighAvailabilityMetrics metrics, ILogger logger)
    {
        _options = options.Validate();
        _lease = lease;
        _peer = peer;
        _gate = gate;
        _listener = listener;
        _metrics = metrics;
        _logger = logger;
        _ttlTicks = ToTicks(options.LeaseTtl);
        _marginTicks = ToTicks(options.FenceMargin);
        _renewTicks = ToTicks(options.RenewInterval);
        _silentTicks = ToTicks(options.HeartbeatTimeout);
        _vouchTicks = ToTicks(options.VouchWindow);
    }

    /// <summary>Current role.</summary>
    public NodeRole Role => _role;

    /// <summary>Raised (on the coordinator thread) after every transition.</summary>
    public event Action<NodeRole, NodeRole, string>? RoleChanged;

    /// <summary>Starts the state machine thread as standby with forwarding blocked.</summary>
    public void Start()
    {
        _gate.Block();
        _thread = new Thread(Run) { IsBackground = true, Name = "ha-roles", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Waits for the transitions handed to the listener so far.</summary>
    public Task WhenTransitionsDoneAsync() => Volatile.Read(ref _transitions);

    /// <summary>Stops the state machine; an active node blocks forwarding and gives the lease up so the standby takes over at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _thread?.Join(TimeSpan.FromSeconds(5));
        var wasActive = _role != NodeRole.Standby;
        _gate.Block();
        if (wasActive)
        {
            Transition(NodeRole.Standby, RoleRules.Shutdown);
            await _lease.ReleaseAsync().ConfigureAwait(false);
        }

        try
        {
            await WhenTransitionsDoneAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "A role transition failed during shutdown");
        }

        _stop.Dispose();
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Step(Stopwatch.GetTimestamp());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Never let the fencing loop die: block forwarding if we cannot reason about our role.
                _gate.Block();
                _logger.LogError(e, "HA role step failed");
            }

            _stop.Token.WaitHandle.WaitOne(_options.Tick);
        }
    }

    private void Step(long now)
    {
        CollectLeaseAttempt();
        var peer = _peer();
        var lastHeld = _lease.LastHeldSentAt;
        var leaseDeadline = lastHeld == long.MinValue ? long.MinValue : lastHeld + _ttlTicks - _marginTicks;
        var silent = peer.LastHeardAt == long.MinValue || now - peer.LastHeardAt > _silentTicks;
        var vouchDeadline = !silent && peer.Role == NodeRole.Standby && peer.EchoSentAt != long.MinValue
            ? peer.EchoSentAt + _vouchTicks
            : long.MinValue;
        var observation = new RoleObservation(_role, _lastLease, now < leaseDeadline, silent, peer.Role, now < vouchDeadline);

        var decision = RoleRules.Decide(observation);
        if (decision.Next != _role)
        {
            Transition(decision.Next, decision.Reason);
        }

        if (_role == NodeRole.Active)
        {
            _gate.AllowUntil(Math.Max(leaseDeadline, vouchDeadline));
        }
        else
        {
            _gate.Block();
        }

        StartLeaseAttemptIfDue(now, observation with { Role = _role });
    }

    private void StartLeaseAttemptIfDue(long now, in RoleObservation observation)
    {
        if (_leaseAttempt is not null || now < _nextLeaseAttempt)
        {
            return;
        }

        if (observation.Role == NodeRole.Active)
        {
            _leaseAttempt = RenewOrRetakeAsync();
            _nextLeaseAttempt = now + _renewTicks;
        }
        else if (RoleRules.ShouldTryAcquire(observation))
        {
            _leaseAttempt = _lease.TryAcquireAsync();
            _nextLeaseAttempt = now + _renewTicks;
        }
    }

    private async Task<LeaseOutcome> RenewOrRetakeAsync()
    {
        var outcome = await _lease.RenewAsync().ConfigureAwait(false);

        // Free means Redis lost the key (restart without persistence, or it expired during an outage); nobody else
        // has it, so taking it again is as safe as renewing.
        return outcome == LeaseOutcome.Free ? await _lease.TryAcquireAsync().ConfigureAwait(false) : outcome;
    }

    private void CollectLeaseAttempt()
    {
        if (_leaseAttempt is not { IsCompleted: true } attempt)
        {
            return;
        }

        _leaseAttempt = null;
        var outcome = attempt.IsCompletedSuccessfully ? attempt.Result : LeaseOutcome.Unreachable;
        if (outcome != _lastLease)
        {
            _logger.LogInformation("Lease {Key} outcome {Outcome} (was {Previous}) as {Role}", "lease", outcome, _lastLease, _role);
        }

        _lastLease = outcome;
        if (_role != NodeRole.Standby || outcome == LeaseOutcome.Held)
        {
            _metrics.RecordLeaseRenewal(outcome == LeaseOutcome.Held);
        }
    }

    private void Transition(NodeRole to, string reason)
    {
        var from = _role;
        if (to != NodeRole.Active)
        {
            _gate.Block();
        }

        _role = to;
        _metrics.RecordTransition(from, to, reason);
        _logger.LogWarning("HA role {From} -> {To} ({Reason})", from, to, reason);
        RoleChanged?.Invoke(from, to, reason);
        var previous = Volatile.Read(ref _transitions);
        Volatile.Write(ref _transitions, RunTransitionAsync(previous, from, to, reason));
    }

    private async Task RunTransitionAsync(Task previous, NodeRole from, NodeRole to, string reason)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // already logged by the transition that failed
        }

        try
        {
            await _listener.OnRoleChangedAsync(from, to, reason).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError(e, "HA transition {From} -> {To} failed", from, to);
            throw;
        }
    }
}
