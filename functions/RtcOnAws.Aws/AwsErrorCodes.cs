namespace RtcOnAws.Aws;

/// <summary>Error codes with a client-side meaning.</summary>
public static class AwsErrorCodes
{
    /// <summary>EC2 throttling.</summary>
    public const string RequestLimitExceeded = "RequestLimitExceeded";

    /// <summary>Query-protocol throttling (Auto Scaling, Route 53).</summary>
    public const string Throttling = "Throttling";

    /// <summary>JSON-protocol throttling.</summary>
    public const string ThrottlingException = "ThrottlingException";

    /// <summary>Route 53: a change to the same record set is still being applied.</summary>
    public const string PriorRequestNotComplete = "PriorRequestNotComplete";

    /// <summary>Request carried no Authorization header (or no credentials).</summary>
    public const string MissingAuthenticationToken = "MissingAuthenticationToken";

    /// <summary>Authorization header present but malformed.</summary>
    public const string IncompleteSignature = "IncompleteSignature";

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        RequestLimitExceeded, Throttling, ThrottlingException, PriorRequestNotComplete,
        "RequestThrottled", "RequestThrottledException", "TooManyRequestsException", "SlowDown", "EC2ThrottledException",
    };

    /// <summary>True for error codes that mean "slow down and try again".</summary>
    public static bool IsThrottling(string errorCode) => ThrottlingCodes.Contains(errorCode);
}
