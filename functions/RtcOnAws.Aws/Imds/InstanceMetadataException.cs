using System.Net;

namespace RtcOnAws.Aws.Imds;

/// <summary>IMDS could not be reached or answered with an error.</summary>
public sealed class InstanceMetadataException : AwsException
{
    /// <summary>Creates the exception.</summary>
    public InstanceMetadataException(string path, HttpStatusCode? statusCode, string message, Exception? innerException = null)
        : base($"IMDS {path}: {message}", innerException)
    {
        Path = path;
        StatusCode = statusCode;
    }

    /// <summary>Metadata path requested.</summary>
    public string Path { get; }

    /// <summary>HTTP status, if IMDS answered.</summary>
    public HttpStatusCode? StatusCode { get; }
}
