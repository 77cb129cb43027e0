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
    int KernelEntries)
{
    public double OfferedPerSecond => Sent / Seconds;

    public double RelayedPerSecond => Received / Seconds;

    public double LossPercent => Sent == 0 ? 0 : Math.Max(0, 100.0 * (Sent - Received) / Sent);

    public double RelayCorePercent => 100.0 * RelayCpuSeconds / Seconds;

    public double MicrosecondsPerPacket => Received == 0 ? double.NaN : RelayCpuSeconds * 1e6 / Received;

    /// <summary>Machine-wide CPU per relayed packet minus the generator's own (kernel forwarding is charged to no relay process).</summary>
    public double MachineMicrosecondsPerPacket => Received == 0 ? double.NaN : Math.Max(0, MachineCpuSeconds - GeneratorCpuSeconds) * 1e6 / Received;

    /// <summary>Resident memory the calls added to the relay, per call.</summary>
    public double KiBPerCall => Calls == 0 ? double.NaN : Math.Max(0, RelayResidentKiB - BaselineResidentKiB) / (double)Calls;

    /// <summary>Share of the relay's CPU spent in user space (the rest is the kernel's UDP path and scheduling).</summary>
    public double UserPercent => RelayCpuSeconds <= 0 ? 0 : 100 * RelayUserSeconds / RelayCpuSeconds;
}
