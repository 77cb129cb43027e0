namespace RtcOnAws.AwsSimulator.Route53;

/// <summary>A record set in a simulated hosted zone. Names are stored lower-case with the trailing dot.</summary>
public sealed record SimRecordSet(
    string Name,
    string Type,
    long? Ttl,
    IReadOnlyList<string> Values,
    string? SetIdentifier = null,
    long? Weight = null,
    string? Region = null,
    string? Failover = null,
    bool? MultiValueAnswer = null,
    string? HealthCheckId = null,
    SimAliasTarget? AliasTarget = null);

/// <summary>Alias target of a record set.</summary>
public sealed record SimAliasTarget(string HostedZoneId, string DnsName, bool EvaluateTargetHealth);

/// <summary>A submitted change batch.</summary>
/// <param name="Id">Change id without the "/change/" prefix.</param>
/// <param name="HostedZoneId">Zone changed.</param>
/// <param name="SubmittedAt">Submission time.</param>
/// <param name="Comment">Batch comment.</param>
/// <param name="Actions">"UPSERT sip.example.com. A" style summary of each change.</param>
public sealed record SimChange(string Id, string HostedZoneId, DateTimeOffset SubmittedAt, string? Comment, IReadOnlyList<string> Actions);
