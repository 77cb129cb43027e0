namespace RtcOnAws.Bench.Relay;

/// <summary>One relay's handshake phase: <see cref="Completed"/> of <see cref="Attempted"/> handshakes (ICE + DTLS)
/// in <see cref="Seconds"/>, with the relay's and the generator's CPU over that phase and the relay's peak
/// threads and memory while it ran; and the relay's CPU per handshake over the untimed warm-up before it (JIT
/// compilation and first-use costs show there).</summary>
internal sealed record DtlsMeasurement(
    string Relay,
    int Attempted,
    int Completed,
    double Seconds,
    double RelayCpuSeconds,
    double GeneratorCpuSeconds,
    double IceP50Milliseconds,
    double P50Milliseconds,
    double P99Milliseconds,
    int PeakRelayThreads,
    long RelayResidentBeforeKiB,
    long PeakRelayResidentKiB,
    double WarmupRelayCpuMillisecondsPerHandshake)
{
    /// <summary>The generator saturated a core: the rate then says more about the generator than the relay.</summary>
    public const double GeneratorBoundShare = 0.9;

    public double HandshakesPerSecond => Completed / Seconds;

    public double RelayCpuMillisecondsPerHandshake => Completed == 0 ? double.NaN : RelayCpuSeconds * 1000 / Completed;

    public double GeneratorCpuMillisecondsPerHandshake => Completed == 0 ? double.NaN : GeneratorCpuSeconds * 1000 / Completed;

    public double GeneratorCoreShare => GeneratorCpuSeconds / Seconds;

    public double RelayCoreShare => RelayCpuSeconds / Seconds;

    public bool GeneratorBound => GeneratorCoreShare >= GeneratorBoundShare;
}
