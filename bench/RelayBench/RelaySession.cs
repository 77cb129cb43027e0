using System.Diagnostics;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// One relay (or the direct baseline) with its calls set up and the load generator's sockets pointed at it, measured
/// for as many windows and rate steps as the run needs: starting a relay and setting up its calls once keeps a run short.
/// The caller owns the relay (and stops it after this session).
/// </summary>
internal sealed class RelaySession : IDisposable
{
    private readonly RelayUnderTest _relay;
    private readonly LoadGenerator _generator;
    private readonly bool _callersOnly;
    private readonly int _calls;
    private readonly long _idleResidentKiB;
    private readonly BenchNetwork _network;
    private Thread? _receiver;

    private RelaySession(RelayUnderTest relay, LoadGenerator generator, BenchNetwork network, bool callersOnly, long idleResidentKiB)
    {
        _relay = relay;
        _generator = generator;
        _network = network;
        _callersOnly = callersOnly;
        _calls = generator.Ports.Length / 2;
        _idleResidentKiB = idleResidentKiB;
    }

    public string Name => _relay.Name;

    /// <summary>Starts <paramref name="relay"/>, sets up one call per caller/callee pair and starts receiving.</summary>
    public static async Task<RelaySession> StartAsync(RelayUnderTest relay, int streams, BenchNetwork network, bool callersOnly, CancellationToken cancellationToken)
    {
        var generator = new LoadGenerator(streams, network.CallerAddress, network.CalleeAddress);
        try
        {
            await relay.StartAsync(cancellationToken);
            long idleResident = relay is NgRelay ? ProcessCpu.ResidentKiB(relay.Pid) : 0;
            int calls = streams / 2;
            var callers = Enumerable.Range(0, calls).Select(i => generator.Ports[2 * i]).ToArray();
            var callees = Enumerable.Range(0, calls).Select(i => generator.Ports[(2 * i) + 1]).ToArray();
            var ports = await relay.SetUpCallsAsync(callers, callees, cancellationToken);
            var (forCaller, forCallee) = relay.Destinations(network);
            for (int i = 0; i < calls; i++)
            {
                generator.SetDestination(2 * i, forCaller, ports[i].ForCaller);
                generator.SetDestination((2 * i) + 1, forCallee, ports[i].ForCallee);
            }

            var session = new RelaySession(relay, generator, network, callersOnly, idleResident);
            session._receiver = generator.StartReceiving();
            return session;
        }
        catch
        {
            generator.Dispose();
            throw;
        }
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
        var (relayUser0, relaySystem0) = _relay.HasProcess ? ProcessCpu.UserAndSystemSeconds(_relay.Pid) : (0, 0);
        double selfCpu0 = ProcessCpu.CpuSeconds(self);
        double machine0 = ProcessCpu.MachineBusySeconds();
        long sent0 = _generator.Sent, received0 = _generator.Received;
        _generator.ResetLatency();
        using var profiler = profile ? KernelProfile.TryStart(seconds) : null;

        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        long t1 = Stopwatch.GetTimestamp();
        var (relayUser1, relaySystem1) = _relay.HasProcess ? ProcessCpu.UserAndSystemSeconds(_relay.Pid) : (0, 0);
        double selfCpu1 = ProcessCpu.CpuSeconds(self);
        double machine1 = ProcessCpu.MachineBusySeconds();
        long sent1 = _generator.Sent, received1 = _generator.Received;
        double p99 = _generator.LatencyPercentileMicros(99);
        long resident = _relay.HasProcess ? ProcessCpu.ResidentKiB(_relay.Pid) : 0;
        int kernelEntries = _relay.HasProcess ? KernelEntries.Count(_network) : 0;

        sender.Join();
        await Task.Delay(300, cancellationToken);
        var samples = profiler?.Collect();
        return (new Measurement(
            _relay.Name,
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

    public void Dispose()
    {
        _generator.StopReceiving();
        _receiver?.Join();
        _generator.Dispose();
    }

    private Thread StartSender(double packetsPerSecond, long until, long maxPackets)
    {
        var sender = new Thread(() => _generator.Send(packetsPerSecond, until, maxPackets, _callersOnly)) { IsBackground = true, Name = "load-sender" };
        sender.Start();
        return sender;
    }
}
