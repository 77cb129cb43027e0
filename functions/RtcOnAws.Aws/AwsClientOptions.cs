using Amazon.Runtime;

namespace RtcOnAws.Aws;

/// <summary>Configuration shared by every AWS client in this library (the counterpart of the SDK's ClientConfig).</summary>
public sealed class AwsClientOptions
{
    /// <summary>Region such as "us-east-1". Default: the AWS_REGION, then AWS_DEFAULT_REGION environment variable.</summary>
    public string? Region { get; set; }

    /// <summary>Endpoint override (for example a local simulator). Default: AWS_ENDPOINT_URL_&lt;SERVICE&gt; (EC2, ROUTE_53, AUTO_SCALING, CLOUDWATCH),
    /// then AWS_ENDPOINT_URL, then the service's public endpoint.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Credentials used to sign requests. Default: the AWSSDK.Core default chain (environment, profile, container, IMDSv2 role).</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Retry and deadline policy. Default: see <see cref="AwsRetryOptions"/>.</summary>
    public AwsRetryOptions Retry { get; set; } = new();

    /// <summary>Transport. Default: a client-owned HttpClient.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Clock for deadlines and backoff delays. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
