using Amazon.EC2;
using Microsoft.Extensions.Logging;
using RtcOnAws.Failover;
using RtcOnAws.Failover.Ec2;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Moves the floating address through the EC2 API with the mover the failover Lambda uses (<see cref="Ec2AddressMover"/>):
/// in one subnet the secondary private IP (an Elastic IP on it moves with it), across subnets the Elastic IP. Whether to
/// take over was decided before (lease and heartbeats); how far the address travels is <see cref="FailoverPolicy.ScopeBetween"/>.
/// The remap is asynchronous, so acquiring waits until EC2 shows the address on our interface, at most
/// <see cref="AwsTakeoverOptions.ConfirmTimeout"/>. The OS side (the address on the NIC) is a separate <see cref="LocalAddressTakeover"/>.
/// </summary>
public sealed class AwsAddressTakeover : IAddressTakeover
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly Ec2AddressMover _mover;
    private readonly AwsTakeoverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AddressMove _move;

    /// <summary>Creates the takeover.</summary>
    public AwsAddressTakeover(IAmazonEC2 ec2, AwsTakeoverOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _logger = logger;
        _mover = new Ec2AddressMover(ec2, PollInterval, time);
        var scope = FailoverPolicy.ScopeBetween(options.PeerSubnetId, options.SubnetId);
        if (scope == MoveScope.CrossSubnet && string.IsNullOrEmpty(options.AllocationId))
        {
            throw new ArgumentException("--ha-aws-allocation-id is required when the peer is in another subnet (the Elastic IP is what moves)", nameof(options));
        }

        _move = new AddressMove(scope, options.NetworkInterfaceId, options.PrivateIpAddress, options.AllocationId);
    }

    /// <summary>How the address moves between the two nodes.</summary>
    public MoveScope Scope => _move.Scope;

    /// <inheritdoc />
    public string Description => $"aws {Scope} to {_options.NetworkInterfaceId}";

    /// <inheritdoc />
    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        _logger.LogWarning("Taking the floating address over from {Peer} ({PeerZone}): moving {Move}, {Scope}",
            _options.PeerNodeId, _options.PeerAvailabilityZone, _move, _move.Scope);
        using var confirmBound = new CancellationTokenSource(_options.ConfirmTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, confirmBound.Token);
        var started = await _mover.StartAsync(_move, cancellationToken).ConfigureAwait(false);
        try
        {
            var elapsed = await started.ConfirmAsync(linked.Token).ConfigureAwait(false);
            _logger.LogInformation("EC2 confirms the floating address on {Interface} after {Milliseconds} ms", _options.NetworkInterfaceId, (long)elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (confirmBound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"EC2 did not show the floating address on {_options.NetworkInterfaceId} within {_options.ConfirmTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        // The next active re-assigns with AllowReassignment/AllowReassociation; unassigning here would only add a
        // window in which nobody holds the address.
        Task.CompletedTask;
}
