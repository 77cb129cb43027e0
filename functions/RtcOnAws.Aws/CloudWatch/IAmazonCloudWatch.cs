using RtcOnAws.Aws.CloudWatch.Model;

namespace RtcOnAws.Aws.CloudWatch;

/// <summary>The CloudWatch operations RtcOnAws uses, shaped like AWSSDK.CloudWatch's IAmazonCloudWatch.</summary>
public interface IAmazonCloudWatch : IDisposable
{
    /// <summary>Publishes metric data points (the media node's heartbeat).</summary>
    Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default);
}
