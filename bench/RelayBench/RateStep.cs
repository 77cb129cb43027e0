namespace RtcOnAws.Bench.Relay;

/// <summary>One step of a rate search: what was asked, sent (minus the generator's own send errors) and received.</summary>
internal sealed record RateStep(double TargetPerSecond, long Sent, long SendErrors, long Received, double Seconds)
{
    /// <summary>The loss that counts as keeping up (issue 13: highest throughput at &lt; 0.1 % loss).</summary>
    public const double LossLimitPercent = 0.1;

    /// <summary>The generator fell this far short of the asked rate: it could not offer more.</summary>
    private const double GeneratorShortfall = 0.97;

    public long Delivered => Sent - SendErrors;

    public double OfferedPerSecond => Delivered / Seconds;

    public double LossPercent => Delivered <= 0 ? 100 : Math.Max(0, 100.0 * (Delivered - Received) / Delivered);

    public bool KeptUp => LossPercent < LossLimitPercent;

    /// <summary>True when the generator could not send at the asked rate (too slow, or its own sends failed).</summary>
    public bool GeneratorShort => OfferedPerSecond < GeneratorShortfall * TargetPerSecond;
}
