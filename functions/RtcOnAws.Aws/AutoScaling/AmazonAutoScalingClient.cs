using RtcOnAws.Aws.AutoScaling.Model;
using RtcOnAws.Aws.Runtime;

namespace RtcOnAws.Aws.AutoScaling;

/// <summary>Auto Scaling Query API client (API version 2011-01-01), SigV4-signed with AWSSDK.Core.</summary>
public sealed class AmazonAutoScalingClient : IAmazonAutoScaling
{
    private const string ApiVersion = "2011-01-01";
    private readonly AwsHttpSender _sender;

    /// <summary>Creates a client with default options.</summary>
    public AmazonAutoScalingClient() : this(new AwsClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    public AmazonAutoScalingClient(AwsClientOptions options)
    {
        _sender = new AwsHttpSender(AwsService.AutoScaling, options);
    }

    /// <inheritdoc />
    public async Task<CompleteLifecycleActionResponse> CompleteLifecycleActionAsync(CompleteLifecycleActionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireTarget(request.AutoScalingGroupName, request.LifecycleHookName, request.LifecycleActionToken, request.InstanceId);
        if (request.LifecycleActionResult is not (LifecycleActionResult.Continue or LifecycleActionResult.Abandon))
            throw new ArgumentException($"LifecycleActionResult is \"{request.LifecycleActionResult}\"; allowed: CONTINUE, ABANDON.", nameof(request));
        var query = new QueryRequestBuilder("CompleteLifecycleAction", ApiVersion)
            .Add("LifecycleHookName", request.LifecycleHookName)
            .Add("AutoScalingGroupName", request.AutoScalingGroupName)
            .Add("LifecycleActionToken", request.LifecycleActionToken)
            .Add("LifecycleActionResult", request.LifecycleActionResult)
            .Add("InstanceId", request.InstanceId);
        return await SendAsync<CompleteLifecycleActionResponse>(query, "CompleteLifecycleAction", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RecordLifecycleActionHeartbeatResponse> RecordLifecycleActionHeartbeatAsync(RecordLifecycleActionHeartbeatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireTarget(request.AutoScalingGroupName, request.LifecycleHookName, request.LifecycleActionToken, request.InstanceId);
        var query = new QueryRequestBuilder("RecordLifecycleActionHeartbeat", ApiVersion)
            .Add("LifecycleHookName", request.LifecycleHookName)
            .Add("AutoScalingGroupName", request.AutoScalingGroupName)
            .Add("LifecycleActionToken", request.LifecycleActionToken)
            .Add("InstanceId", request.InstanceId);
        return await SendAsync<RecordLifecycleActionHeartbeatResponse>(query, "RecordLifecycleActionHeartbeat", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();

    private async Task<TResponse> SendAsync<TResponse>(QueryRequestBuilder query, string operation, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new() =>
        (await QueryProtocol.SendAsync<TResponse>(_sender, query, operation, cancellationToken).ConfigureAwait(false)).Response;

    private static void RequireTarget(string? group, string? hook, string? token, string? instanceId)
    {
        if (string.IsNullOrWhiteSpace(group)) throw new ArgumentException("AutoScalingGroupName is required.", nameof(group));
        if (string.IsNullOrWhiteSpace(hook)) throw new ArgumentException("LifecycleHookName is required.", nameof(hook));
        if (string.IsNullOrWhiteSpace(token) && string.IsNullOrWhiteSpace(instanceId))
            throw new ArgumentException("Give LifecycleActionToken or InstanceId.", nameof(token));
    }
}
