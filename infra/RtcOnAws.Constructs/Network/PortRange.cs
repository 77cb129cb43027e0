namespace RtcOnAws.Constructs.Network;

/// <summary>An inclusive range of ports, for example the RTP media ports 30000-40000.</summary>
/// <param name="From">First port of the range (inclusive).</param>
/// <param name="To">Last port of the range (inclusive); must not be below <paramref name="From"/>.</param>
public sealed record PortRange(double From, double To)
{
    /// <summary>The default RTP range, 30000-40000: even/odd pairs for 5,000 media legs.</summary>
    public static PortRange DefaultRtp { get; } = new(RtcOnAws.Sbc.Contracts.SbcPorts.RtpMin, RtcOnAws.Sbc.Contracts.SbcPorts.RtpMax);

    /// <inheritdoc />
    public override string ToString() => $"{From}-{To}";
}
