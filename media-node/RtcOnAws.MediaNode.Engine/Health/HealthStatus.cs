namespace RtcOnAws.MediaNode.Engine.Health;

/// <summary>The result of one health check.</summary>
/// <param name="Healthy">True when the component works.</param>
/// <param name="Detail">A short human-readable state ("listening on 127.0.0.1:2223", "standby", ...).</param>
public readonly record struct HealthStatus(bool Healthy, string Detail);
