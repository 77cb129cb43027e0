namespace RtcOnAws.Aws;

/// <summary>
/// An ambient deadline that bounds every AWS call made inside the scope (for example the Lambda invocation's
/// Lambda-Runtime-Deadline-Ms minus a safety margin). Calls still honour their own <see cref="AwsRetryOptions.CallTimeout"/>;
/// the earlier of the two wins. Scopes nest; the innermost tightens but never extends an outer one.
/// </summary>
public static class AwsDeadline
{
    private static readonly AsyncLocal<DateTimeOffset?> Ambient = new();

    /// <summary>The deadline in force for the current async flow, if any.</summary>
    public static DateTimeOffset? Current => Ambient.Value;

    /// <summary>Bounds every AWS call in this async flow by <paramref name="deadline"/> until the returned scope is disposed.</summary>
    public static IDisposable Until(DateTimeOffset deadline)
    {
        var previous = Ambient.Value;
        Ambient.Value = previous is { } outer && outer < deadline ? outer : deadline;
        return new Scope(previous);
    }

    private sealed class Scope(DateTimeOffset? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Ambient.Value = previous;
        }
    }
}
