using System.Net;

namespace RtcOnAws.Aws;

/// <summary>An error response from an AWS service (or a simulator speaking its wire format).</summary>
public sealed class AwsServiceException : AwsException
{
    /// <summary>Creates the exception from a parsed error response.</summary>
    public AwsServiceException(string serviceName, string errorCode, string message, string? requestId, HttpStatusCode statusCode)
        : base($"{serviceName} returned {errorCode} (HTTP {(int)statusCode}, request id {requestId ?? "unknown"}): {message}")
    {
        ServiceName = serviceName;
        ErrorCode = errorCode;
        ErrorMessage = message;
        RequestId = requestId;
        StatusCode = statusCode;
    }

    /// <summary>Service that answered: "ec2", "route53" or "autoscaling".</summary>
    public string ServiceName { get; }

    /// <summary>AWS error code, e.g. "InvalidNetworkInterfaceID.NotFound", "Throttling", "InvalidChangeBatch".</summary>
    public string ErrorCode { get; }

    /// <summary>The service's human-readable error message.</summary>
    public string ErrorMessage { get; }

    /// <summary>Request id from the error body or the x-amzn-RequestId header, for AWS support.</summary>
    public string? RequestId { get; }

    /// <summary>HTTP status of the error response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>True when the error is a throttling error or a 5xx, which the clients retry.</summary>
    public bool IsRetryable => AwsErrorCodes.IsThrottling(ErrorCode) || (int)StatusCode >= 500;
}
