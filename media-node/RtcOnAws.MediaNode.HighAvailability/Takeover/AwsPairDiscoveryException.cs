namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>The pair cannot be discovered from AWS as configured (e.g. two peers carry the pair tag); a deployment error.</summary>
public sealed class AwsPairDiscoveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsPairDiscoveryException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AwsPairDiscoveryException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AwsPairDiscoveryException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
