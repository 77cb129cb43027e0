namespace RtcOnAws.Aws;

/// <summary>
/// A call ran out of time (its <see cref="AwsRetryOptions.CallTimeout"/> or the ambient <see cref="AwsDeadline"/>) before
/// any attempt succeeded. <see cref="Exception.InnerException"/> is the last failure seen, if any.
/// </summary>
public sealed class AwsDeadlineExceededException : AwsException
{
    /// <summary>Creates the exception.</summary>
    public AwsDeadlineExceededException(string serviceName, string operation, int attempts, TimeSpan elapsed, Exception? lastError)
        : base($"{serviceName} {operation} did not succeed before its deadline ({attempts} attempt(s) in {elapsed.TotalMilliseconds:F0} ms)"
               + (lastError is null ? "." : $"; last error: {lastError.Message}"), lastError)
    {
        ServiceName = serviceName;
        Operation = operation;
        Attempts = attempts;
        Elapsed = elapsed;
    }

    /// <summary>Service called.</summary>
    public string ServiceName { get; }

    /// <summary>Operation called, e.g. "AssignPrivateIpAddresses".</summary>
    public string Operation { get; }

    /// <summary>Attempts made (started) before the deadline.</summary>
    public int Attempts { get; }

    /// <summary>Time spent from the first attempt to giving up.</summary>
    public TimeSpan Elapsed { get; }
}
