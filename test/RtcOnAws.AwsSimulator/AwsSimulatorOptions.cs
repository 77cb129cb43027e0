namespace RtcOnAws.AwsSimulator;

/// <summary>How an <see cref="AwsWireSimulator"/> starts.</summary>
public sealed class AwsSimulatorOptions
{
    /// <summary>Region the simulator pretends to be (IMDS placement/region and the expected SigV4 scope of EC2 and Auto Scaling). Default: us-east-1.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Account id shown as owner. Default: 123456789012.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>Clock for remap delays, change status and IMDS token expiry. Default: system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Secret keys by access key id. Requests signed with a listed access key must carry the exact SigV4 signature
    /// (recomputed from the canonical request), else SignatureDoesNotMatch; other keys are only checked for structure.
    /// Default: none.
    /// </summary>
    public IDictionary<string, string> SecretKeys { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Loopback port to bind; 0 picks a free one. Default: 0.</summary>
    public int Port { get; set; }
}
