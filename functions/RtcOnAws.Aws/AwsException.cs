namespace RtcOnAws.Aws;

/// <summary>Base of every failure raised by the AWS clients in this library.</summary>
public abstract class AwsException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected AwsException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
