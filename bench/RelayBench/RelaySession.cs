using System.Diagnostics;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// One relay (or the direct baseline) with its calls set up and the load generator's sockets pointed at it, measured
/// for as many windows and rate steps as the run needs: starting a relay and setting up its calls once keeps a run short.
/// The session owns the relay: it stops it when disposed, and can replace it with a fresh one (a relay that stays broken
/// after an overload would otherwise fail every later step).
/// </summary>
internal sealed class RelaySession : IAsyncDisposable
{
    private readonly Func<RelayUnderTest> _create;
    private readonly LoadGenerator _generator;
    private readonly bool _callersOnly;
    private readonly int _calls;
    private readonly BenchNetwork _network;
    private RelayUnderTest? _relay;
    private long _idleResidentKiB;
    private Thread? _receiver;

    private RelaySession(Func<RelayUnderTest> create, int streams, BenchNetwork network, bool callersOnly)
    {
        _create = create;
        _generator = new LoadGenerator(streams, network.CallerAddress, network.CalleeAddress, network.FrameSender, network.SenderThreads);
        _network = network;
        _callersOnly = callersOnly;
        _calls = streams / 2;
    }

    /// <summary>The relay now under test.</summary>
    public RelayUnderTest Relay => _relay ?? throw new InvalidOperationException("Not started.");

    public string Name => Relay.Name;

    /// <summary>Starts a relay from <paramref name="create"/>, sets up one call per caller/callee pair and starts receiving.</summary>
    public static async Task<RelaySession> StartAsync(Func<RelayUnderTest> create, int streams, BenchNetwork network, bool callersOnly, CancellationToken cancellationToken)
    {
        var session = new RelaySession(create, streams, network, callersOnly);
        try
        {
            await session.StartRelayAsync(cancellationToken);
            session._receiver = session._generator.StartReceiving();
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the relay and starts a fresh one with the same user agents and new calls.</summary>
    public async Task RestartRelayAsync(CancellationToken cancellationToken)
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
            _relay = null;
        }

        await StartRelayAsync(cancellationToken);
    }

    /// <summary>
    /// Sends at the scenario's rate for <paramref name="warmup"/> seconds, then measures a <paramref name="seconds"/>
    /// window: packets, process and machine-wide CPU, p99 latency, memory, kernel entries; optionally a perf profile.
    /// </summary>
    public async Task<(Measurement Measurement, KernelProfile.Samples? Profile)> MeasureAsync(
        Scenario scenario, int warmup, int seconds, bool profile, CancellationToken cancellationToken)
    {
        double totalRate = (double)scenario.PacketsPerSecondPerStream * (_callersOnly ? _calls : _calls * 2);
        int runSeconds = warmup + seconds + 1;
        long until = Stopwatch.GetTimestamp() + (runSeconds * Stopwatch.Frequency);
        long maxPackets = scenario.Saturating ? 200_000_000 : (long)(totalRate * runSeconds * 1.05);
        var sender = StartSender(totalRate, until, maxPackets);

        await Task.Delay(TimeSpan.FromSeconds(warmup), cancellationToken);
        int self = Environment.ProcessId;
        long t0 = Stopwatch.GetTimestamp();
        var (relayUser0, relaySystem0) = Relay.HasProcess ? ProcessCpu.UserAndSystemSeconds(Relay.Pid) : (0, 0);
        double selfCpu0 = ProcessCpu.CpuSeconds(self);
        double machine0 = ProcessCpu.MachineBusySeconds();
        long sent0 = _generator.Sent, received0 = _generator.Received;
        _generator.ResetLatency();
        using var profiler = profile ? KernelProfile.TryStart(seconds) : null;

        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        long t1 = Stopwatch.GetTimestamp();
        var (relayUser1, relaySystem1) = Relay.HasProcess ? ProcessCpu.UserAndSystemSeconds(Relay.Pid) : (0, 0);
        double selfCpu1 = ProcessCpu.CpuSeconds(self);
        double machine1 = ProcessCpu.MachineBusySeconds();
        long sent1 = _generator.Sent, received1 = _generator.Received;
        double p99 = _generator.ArrivalLatencyPercentileMicros(99);
        double p99Application = _generator.ApplicationLatencyPercentileMicros(99);
        long resident = Relay.HasProcess ? ProcessCpu.ResidentKiB(Relay.Pid) : 0;
        int kernelEntries = Relay.HasProcess ? KernelEntries.Count(_network) : 0;

        var threads = profiler is null ? null : KernelProfile.ThreadNames(self).Concat(Relay.HasProcess ? KernelProfile.ThreadNames(Relay.Pid) : []).ToHashSet(StringComparer.Ordinal);
        sender.Join();
        await Task.Delay(300, cancellationToken);
        var samples = profiler?.Collect(threads!);
        return (new Measurement(
            Relay.Name,
            scenario,
            (t1 - t0) / (double)Stopwatch.Frequency,
            sent1 - sent0,
            received1 - received0,
            relayUser1 + relaySystem1 - relayUser0 - relaySystem0,
            relayUser1 - relayUser0,
            selfCpu1 - selfCpu0,
            resident,
            _generator.SendErrors,
            machine1 - machine0,
            _idleResidentKiB,
            _calls,
            p99,
            p99Application,
            kernelEntries), samples);
    }

    /// <summary>
    /// One step of a rate search: offers <paramref name="packetsPerSecond"/> for <paramref name="seconds"/>, waits for
    /// the stragglers, and counts what arrived of what was sent in the whole step (no window edges to blur the loss).
    /// </summary>
    public async Task<RateStep> StepAsync(double packetsPerSecond, int seconds, CancellationToken cancellationToken)
    {
        long sent0 = _generator.Sent, received0 = _generator.Received, errors0 = _generator.SendErrors;
        long t0 = Stopwatch.GetTimestamp();
        long until = t0 + (seconds * Stopwatch.Frequency);
        var sender = StartSender(packetsPerSecond, until, (long)(packetsPerSecond * seconds * 1.05) + 1);
        await Task.Run(sender.Join, cancellationToken);
        double elapsed = (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency;
        // A relay that queued a burst drains it within this pause; what is still missing after it was lost.
        await Task.Delay(500, cancellationToken);
        return new RateStep(packetsPerSecond, _generator.Sent - sent0, _generator.SendErrors - errors0, _generator.Received - received0, elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        _generator.StopReceiving();
        _receiver?.Join();
        _generator.Dispose();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    private async Task StartRelayAsync(CancellationToken cancellationToken)
    {
        // Owned from the start, so a relay that fails to start or set up its calls is still stopped.
        _relay = _create();
        await _relay.StartAsync(cancellationToken);
        var callers = Enumerable.Range(0, _calls).Select(i => _generator.Ports[2 * i]).ToArray();
        var callees = Enumerable.Range(0, _calls).Select(i => _generator.Ports[(2 * i) + 1]).ToArray();
        if (_relay is NgRelay ng)
        {
            // One call (numbered after the measured ones, never fed) before the idle reading, for both relays: memory per
            // call is what each call adds, not the signalling code the first call makes the process load and compile.
            await ng.SetUpCallsAsync(callers[..1], callees[..1], _calls, cancellationToken);
            _idleResidentKiB = ProcessCpu.ResidentKiB(_relay.Pid);
        }

        var ports = await _relay.SetUpCallsAsync(callers, callees, cancellationToken);
        var (forCaller, forCallee) = _relay.Destinations(_network);
        for (int i = 0; i < _calls; i++)
        {
            _generator.SetDestination(2 * i, forCaller, ports[i].ForCaller);
            _generator.SetDestination((2 * i) + 1, forCallee, ports[i].ForCallee);
        }
    }

    private Thread StartSender(double packetsPerSecond, long until, long maxPackets)
    {
        var sender = new Thread(() => _generator.Send(packetsPerSecond, until, maxPackets, _callersOnly)) { IsBackground = true, Name = "load-sender" };
        sender.Start();
        return sender;
    }
}
