namespace RtcOnAws.Bench.Relay;

/// <summary>One load shape: streams (one user agent each, half callers and half callees) sending at a fixed rate, or flat out.</summary>
internal sealed record Scenario(int Streams, int PacketsPerSecondPerStream)
{
    public bool Saturating => PacketsPerSecondPerStream == 0;

    public string Title => Saturating
        ? $"{Streams} streams, sender flat out (saturation)"
        : $"{Streams} streams x {PacketsPerSecondPerStream} pkt/s = {Streams * PacketsPerSecondPerStream:N0} pkt/s offered";
}
