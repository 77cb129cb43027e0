using RtcOnAws.Aws.AutoScaling.Model;

namespace RtcOnAws.Aws.AutoScaling;

/// <summary>The Auto Scaling operations RtcOnAws uses, shaped like AWSSDK.AutoScaling's IAmazonAutoScaling.</summary>
public interface IAmazonAutoScaling : IDisposable
{
    /// <summary>Completes a lifecycle action.</summary>
    Task<CompleteLifecycleActionResponse> CompleteLifecycleActionAsync(CompleteLifecycleActionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Records a heartbeat for a lifecycle action.</summary>
    Task<RecordLifecycleActionHeartbeatResponse> RecordLifecycleActionHeartbeatAsync(RecordLifecycleActionHeartbeatRequest request, CancellationToken cancellationToken = default);
}
