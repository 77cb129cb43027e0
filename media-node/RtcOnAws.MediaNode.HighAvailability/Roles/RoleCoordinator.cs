using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// Runs the role state machine on its own thread: keeps the lease (renewing as active, trying to take it as standby
/// when allowed), reads the peer's heartbeats, applies <see cref="RoleRules"/> every tick, drives the forwarding gate
/// synchronously and hands slow work (address takeover, writer, mirror) to the <see cref="IRoleListener"/>.
/// Lease commands run on a separate lease thread: a hanging Redis never stops the ticks that fence the node.
/// </summary>
public sealed class RoleCoordinator : IAsyncDisposable
{
    private const int HighPriorityNice = -15;
    private const int LeaseOperationAcquire = 1;
    private const int LeaseOperationRenew = 2;
    private readonly RoleOptions _options;
    private readonly LeaderLease _lease;
    private readonly Func<PeerStatus> _peer;
    private readonly IForwardingGate _gate;
    private readonly IRoleListener _listener;
    private readonly HighAvailabilityMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _ttlTicks;
    private readonly long _marginTicks;
    private readonly long _renewTicks;
    private readonly long _silentTicks;
    private readonly long _vouchTicks;
    private readonly AutoResetEvent _leaseRequested = new(false);
    private readonly AutoResetEvent _leaseCompleted = new(false);
    private readonly WaitHandle[] _wakeUps;
    private Thread? _thread;
    private Thread? _leaseThread;
    private Task _transitions = Task.CompletedTask;
    private LeaseOutcome _lastLease = LeaseOutcome.Unreachable;
    private long _nextLeaseAttempt;
    private int _leaseOperation;
    private int _leaseBusy;
    private int _completedOutcome = -1;
    private volatile NodeRole _role = NodeRole.Standby;

    /// <summary>Creates the coordinator; <see cref="Start"/> begins as standby.</summary>
    /// <param name="time">
    /// The one clock of the lease's send times, the peer's heartbeat times and the deadline handed to <paramref name="gate"/>:
    /// it must be the relay's, which compares that deadline with its own timestamps. Null means <see cref="TimeProvider.System"/>.
    /// </param>
    public RoleCoordinator(RoleOptions options, LeaderLease lease, Func<PeerStatus> peer, IForwardingGate gate, IRoleListener listener, HighAvailabilityMetrics metrics, ILogger logger, TimeProvider? time = null)
    {
        _options = options.Validate();
        _lease = lease;
        _peer = peer;
        _gate = gate;
        _listener = listener;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _ttlTicks = ToTicks(options.LeaseTtl);
        _marginTicks = ToTicks(options.FenceMargin);
        _renewTicks = ToTicks(options.RenewInterval);
        _silentTicks = ToTicks(options.HeartbeatTimeout);
        _vouchTicks = ToTicks(options.VouchWindow);
        _wakeUps = [_stop.Token.WaitHandle, _leaseCompleted];
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
        _leaseThread = new Thread(LeaseLoop) { IsBackground = true, Name = "ha-lease", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
        _leaseThread.Start();
    }

    /// <summary>
    /// Runs the renewal script once (it is a no-op for a lease we do not hold) so Redis has it cached and the first
    /// real renewal after a promotion costs one round trip.
    /// </summary>
    public Task WarmUpAsync() => Task.Run(_lease.Renew);

    /// <summary>Waits for the transitions handed to the listener so far.</summary>
    public Task WhenTransitionsDoneAsync() => Volatile.Read(ref _transitions);

    /// <summary>Stops the state machine; an active node blocks forwarding and gives the lease up so the standby takes over at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _leaseRequested.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
        _leaseThread?.Join(TimeSpan.FromSeconds(5));
        var wasActive = _role != NodeRole.Standby;
        _gate.Block();
        if (wasActive)
        {
            Transition(NodeRole.Standby, RoleRules.Shutdown);
            await Task.Run(_lease.Release).ConfigureAwait(false);
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
        _leaseRequested.Dispose();
        _leaseCompleted.Dispose();
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private void Run()
    {
        ThreadNice.TrySetCurrent(HighPriorityNice);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Step(_time.GetTimestamp());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Never let the fencing loop die: block forwarding if we cannot reason about our role.
                _gate.Block();
                _logger.LogError(e, "HA role step failed");
            }

            // A finished lease attempt is looked at at once: a standby that just took the lease should not wait a tick.
            WaitHandle.WaitAny(_wakeUps, _options.Tick);
        }
    }

    private void Step(long now)
    {
        var previousLease = CollectLeaseAttempt();
        var peer = _peer();
        var lastHeld = _lease.LastHeldSentAt;
        var leaseDeadline = lastHeld == long.MinValue ? long.MinValue : lastHeld + _ttlTicks - _marginTicks;
        var silent = peer.LastHeardAt == long.MinValue || now - peer.LastHeardAt > _silentTicks;
        var vouchDeadline = !silent && peer.Role == NodeRole.Standby && peer.EchoSentAt != long.MinValue
            ? peer.EchoSentAt + _vouchTicks
            : long.MinValue;
        var observation = new RoleObservation(_role, _lastLease, now < leaseDeadline, silent, peer.Role, now < vouchDeadline);

        var decision = RoleRules.Decide(observation);
        var forwardUntil = Math.Max(leaseDeadline, vouchDeadline);
        if (decision.Next != _role)
        {
            if (decision.Next == NodeRole.Active)
            {
                // Open the relay before the address moves, so the first packet the move brings is forwarded.
                _gate.AllowUntil(forwardUntil);
            }

            Transition(decision.Next, decision.Reason);
        }

        if (_role == NodeRole.Active)
        {
            _gate.AllowUntil(forwardUntil);
        }
        else
        {
            _gate.Block();
        }

        StartLeaseAttemptIfDue(now, observation with { Role = _role });
        if (previousLease is { } previous)
        {
            _logger.LogInformation("Lease outcome {Outcome} (was {Previous}) as {Role}", _lastLease, previous, _role);
        }
    }

    private void StartLeaseAttemptIfDue(long now, in RoleObservation observation)
    {
        if (Volatile.Read(ref _leaseBusy) != 0 || now < _nextLeaseAttempt)
        {
            return;
        }

        var operation = observation.Role == NodeRole.Active ? LeaseOperationRenew
            : RoleRules.ShouldTryAcquire(observation) ? LeaseOperationAcquire
            : 0;
        if (operation == 0)
        {
            return;
        }

        // A standby whose peer went silent retries at every tick: the lease may lapse any moment and each retry is one cheap SET NX.
        _nextLeaseAttempt = observation.Role == NodeRole.Standby && observation.PeerSilent ? now : now + _renewTicks;
        Volatile.Write(ref _leaseOperation, operation);
        Volatile.Write(ref _leaseBusy, 1);
        _leaseRequested.Set();
    }

    private void LeaseLoop()
    {
        ThreadNice.TrySetCurrent(HighPriorityNice);
        while (!_stop.IsCancellationRequested)
        {
            _leaseRequested.WaitOne();
            if (_stop.IsCancellationRequested || Volatile.Read(ref _leaseBusy) == 0)
            {
                continue;
            }

            LeaseOutcome outcome;
            try
            {
                outcome = Volatile.Read(ref _leaseOperation) == LeaseOperationRenew ? _lease.RenewOrRetake() : _lease.TryAcquire();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogError(e, "Lease attempt failed");
                outcome = LeaseOutcome.Unreachable;
            }

            Volatile.Write(ref _completedOutcome, (int)outcome);
            Volatile.Write(ref _leaseBusy, 0);
            _leaseCompleted.Set();
        }
    }

    /// <summary>Takes the outcome of a finished lease attempt; returns the previous outcome when it changed (logged after the step's time-critical work).</summary>
    private LeaseOutcome? CollectLeaseAttempt()
    {
        var completed = Interlocked.Exchange(ref _completedOutcome, -1);
        if (completed < 0)
        {
            return null;
        }

        var outcome = (LeaseOutcome)completed;
        var previous = _lastLease;
        _lastLease = outcome;
        if (_role != NodeRole.Standby || outcome == LeaseOutcome.Held)
        {
            _metrics.RecordLeaseRenewal(outcome == LeaseOutcome.Held);
        }

        return outcome != previous ? previous : null;
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

        // The time-critical step first, the log line after it.
        try
        {
            _listener.OnRoleChanging(from, to);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError(e, "HA transition {From} -> {To}: the immediate step failed", from, to);
        }

        _logger.LogWarning("HA role {From} -> {To} ({Reason})", from, to, reason);
        RoleChanged?.Invoke(from, to, reason);

        // A promotion's slow part (adopting every call into the writer) runs on the thread pool: this thread must go on
        // ticking, or the new active could not renew its lease in time. Demotions stop the writer before we return.
        var previous = Volatile.Read(ref _transitions);
        Volatile.Write(ref _transitions, to == NodeRole.Active
            ? Task.Run(() => RunTransitionAsync(previous, from, to, reason))
            : RunTransitionAsync(previous, from, to, reason));
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
