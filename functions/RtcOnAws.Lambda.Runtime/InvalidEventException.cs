namespace RtcOnAws.Lambda.Runtime;

/// <summary>
/// The event is malformed or of a kind the function does not handle. Thrown before any side effect, so the
/// invocation fails with <c>errorType</c> <c>InvalidEventException</c> and nothing was changed.
/// </summary>
public sealed class InvalidEventException : Exception
{
    /// <summary>Creates the exception with a message naming the bad field and what is allowed.</summary>
    public InvalidEventException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the parser's complaint.</summary>
    public InvalidEventException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidEventException() : base("the event is not valid")
    {
    }
}
