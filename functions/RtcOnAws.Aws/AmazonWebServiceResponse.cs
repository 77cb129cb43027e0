using System.Net;

namespace RtcOnAws.Aws;

/// <summary>Base of every response, as in the AWS SDK.</summary>
public abstract class AmazonWebServiceResponse
{
    /// <summary>Request id and other metadata of the successful call.</summary>
    public ResponseMetadata ResponseMetadata { get; set; } = new();

    /// <summary>HTTP status of the successful response.</summary>
    public HttpStatusCode HttpStatusCode { get; set; }
}

/// <summary>Metadata of a successful call.</summary>
public sealed class ResponseMetadata
{
    /// <summary>AWS request id.</summary>
    public string? RequestId { get; set; }
}
