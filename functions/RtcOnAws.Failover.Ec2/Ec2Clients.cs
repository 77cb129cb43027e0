using Amazon;
using Amazon.EC2;

namespace RtcOnAws.Failover.Ec2;

/// <summary>The AWSSDK.EC2 client both failover paths and the lifecycle DNS function use, configured once.</summary>
public static class Ec2Clients
{
    /// <summary>
    /// A client for <paramref name="region"/> (default: the SDK's own resolution, <c>AWS_REGION</c> first), with the SDK's
    /// default credential chain and endpoint resolution (<c>AWS_ENDPOINT_URL_EC2</c>, <c>AWS_ENDPOINT_URL</c>). Throttling
    /// during a failover storm (or a burst of launches) must not fail a move or a record change, so up to 10 retries with the SDK's standard backoff; the caller's
    /// cancellation token (the invocation deadline, a confirm timeout) is the real bound.
    /// </summary>
    public static AmazonEC2Client Create(string? region = null)
    {
        var config = new AmazonEC2Config { MaxErrorRetry = 10 };
        if (!string.IsNullOrEmpty(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonEC2Client(config);
    }
}
