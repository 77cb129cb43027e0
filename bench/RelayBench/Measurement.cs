using System.Diagnostics.CodeAnalysis;

namespace RtcOnAws.Bench.Relay;

/// <summary>What one relay did under one scenario during the measuring window.</summary>
internal sealed record Measurement(
    string Relay,
    Scenario Scenario,
    double Seconds,
    long Sent,
    long Received,
    double RelayCpuSeconds,
    double RelayUserSeconds,
    double GeneratorCpuSeconds,
    long RelayResidentKiB,
    long SendErrors,
    double MachineCpuSeconds,
    long BaselineResidentKiB,
    int Calls,
    double P99Micros,
    double P99ApplicationMicros,
    int KernelEntries)
{
    /// <summary>The direct run (generator alone) at the same offered rate and round; null for the baseline itself.</summary>
    public Measurement? Baseline { get; init; }

    public double OfferedPerSecond => Sent / Seconds;

    public double RelayedPerSecond => Received / Seconds;

    public double LossPercent => Sent == 0 ? 0 : Math.Max(0, 100.0 * (Sent - Received) / Sent);

    public double RelayCorePercent => 100.0 * RelayCpuSeconds / Seconds;

    public double MicrosecondsPerPacket => Received == 0 ? double.NaN : RelayCpuSeconds * 1e6 / Received;

    /// <summary>Busy CPU of the whole machine per second of the window (all cores, every process, softirq included).</summary>
    public double MachineCpuPerSecond => MachineCpuSeconds / Seconds;

    /// <summary>
    /// The relay's CPU per relayed packet, machine-wide: this run's busy CPU per second minus the baseline's (the
    /// generator alone at the same rate), per packet relayed per second. Kernel forwarding, charged to no relay process
    /// and often to the generator's, is counted; the generator's own work is not. Not clamped: a negative value means
    /// the relay costs less than the run-to-run noise.
    /// </summary>
    public double MachineMicrosecondsPerPacket => Received == 0 || !BaselineMatches
        ? double.NaN
        : (MachineCpuPerSecond - Baseline.MachineCpuPerSecond) * 1e6 / RelayedPerSecond;

    /// <summary>
    /// p99 send-to-arrival latency (to the kernel's receive timestamp at the receiving host) minus the baseline's at the
    /// same rate: what the relay's hop adds, without the receiver's wake-up.
    /// </summary>
    public double AddedP99Micros => BaselineMatches ? P99Micros - Baseline.P99Micros : double.NaN;

    /// <summary>p99 send-to-application latency (until the receiver thread has the packet) minus the baseline's at the same rate.</summary>
    public double AddedP99ApplicationMicros => BaselineMatches ? P99ApplicationMicros - Baseline.P99ApplicationMicros : double.NaN;

    /// <summary>
    /// The baseline offered within 5 % of this run's rate, so subtracting it compares like with like (a loaded machine
    /// can hold the generator below the asked rate in one run and not the other; then there is no number).
    /// </summary>
    [MemberNotNullWhen(true, nameof(Baseline))]
    public bool BaselineMatches => Baseline is not null && Math.Abs(Baseline.OfferedPerSecond - OfferedPerSecond) <= 0.05 * OfferedPerSecond;

    /// <summary>Resident memory the calls added to the relay, per call.</summary>
    public double KiBPerCall => Calls == 0 ? double.NaN : Math.Max(0, RelayResidentKiB - BaselineResidentKiB) / (double)Calls;

    /// <summary>Share of the relay's CPU spent in user space (the rest is the kernel's UDP path and scheduling).</summary>
    public double UserPercent => RelayCpuSeconds <= 0 ? 0 : 100 * RelayUserSeconds / RelayCpuSeconds;
}
