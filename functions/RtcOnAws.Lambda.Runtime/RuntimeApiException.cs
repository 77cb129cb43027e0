namespace RtcOnAws.Lambda.Runtime;

/// <summary>The Runtime API answered with a status the protocol treats as fatal for this process.</summary>
public sealed class RuntimeApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuntimeApiException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception wrapping a transport failure.</summary>
    public RuntimeApiException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public RuntimeApiException() : base("the Lambda Runtime API failed")
    {
    }
}
