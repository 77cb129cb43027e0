namespace RtcOnAws.AwsSimulator;

/// <summary>One request the simulator received.</summary>
/// <param name="Service">"ec2", "route53", "autoscaling", "monitoring" (CloudWatch) or "imds".</param>
/// <param name="Action">Operation name, e.g. "AssignPrivateIpAddresses" (or the IMDS path).</param>
/// <param name="StatusCode">HTTP status answered.</param>
/// <param name="ErrorCode">AWS error code answered, null on success.</param>
/// <param name="At">When it arrived.</param>
public sealed record SimulatorCall(string Service, string Action, int StatusCode, string? ErrorCode, DateTimeOffset At);
