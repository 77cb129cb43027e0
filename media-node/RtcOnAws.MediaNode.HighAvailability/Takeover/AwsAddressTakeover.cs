using Microsoft.Extensions.Logging;
using RtcOnAws.Aws.EC2;
using RtcOnAws.Aws.EC2.Model;
using RtcOnAws.Failover;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Moves the floating address through the EC2 API, with the same decision code the failover Lambda uses
/// (<see cref="FailoverPolicy"/>) choosing how: in one subnet <c>AssignPrivateIpAddresses</c> with
/// <c>AllowReassignment</c> (an Elastic IP on that private address moves with it), across subnets
/// <c>AssociateAddress</c> with <c>AllowReassociation</c>. The remap is asynchronous, so it polls until EC2 shows
/// the address on our interface. The OS side (the address on the NIC) is a separate <see cref="LocalAddressTakeover"/>.
/// </summary>
public sealed class AwsAddressTakeover : IAddressTakeover
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly IAmazonEC2 _ec2;
    private readonly AwsTakeoverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the takeover.</summary>
    public AwsAddressTakeover(IAmazonEC2 ec2, AwsTakeoverOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        ArgumentNullException.ThrowIfNull(options);
        _ec2 = ec2;
        _options = options;
        _time = time;
        _logger = logger;
        if (Scope == MoveScope.CrossSubnet && string.IsNullOrEmpty(options.AllocationId))
        {
            throw new ArgumentException("--ha-aws-allocation-id is required when the peer is in another subnet (the Elastic IP is what moves)", nameof(options));
        }
    }

    /// <summary>How the address moves between the two nodes, as decided by <see cref="FailoverPolicy"/>.</summary>
    public MoveScope Scope => Decide().Scope ?? MoveScope.SameSubnet;

    /// <inheritdoc />
    public string Description => $"aws {Scope} to {_options.NetworkInterfaceId}";

    /// <inheritdoc />
    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        var decision = Decide();
        if (!decision.ShouldMove)
        {
            throw new InvalidOperationException($"failover policy refused the move: {decision.Message}");
        }

        _logger.LogWarning("{Decision}", decision.Message);
        if (decision.Scope == MoveScope.SameSubnet)
        {
            await _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
            {
                NetworkInterfaceId = _options.NetworkInterfaceId,
                PrivateIpAddresses = [_options.PrivateIpAddress],
                AllowReassignment = true,
            }, cancellationToken).ConfigureAwait(false);
            await ConfirmAsync(HoldsPrivateIpAsync, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _ec2.AssociateAddressAsync(new AssociateAddressRequest
            {
                AllocationId = _options.AllocationId,
                NetworkInterfaceId = _options.NetworkInterfaceId,
                PrivateIpAddress = _options.PrivateIpAddress,
                AllowReassociation = true,
            }, cancellationToken).ConfigureAwait(false);
            await ConfirmAsync(HoldsElasticIpAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(CancellationToken cancellationToken) =>
        // The next active re-assigns with AllowReassignment/AllowReassociation; unassigning here would only add a
        // window in which nobody holds the address.
        Task.CompletedTask;

    private FailoverDecision Decide()
    {
        var self = new PairNode(_options.NodeId, _options.SubnetId, _options.AvailabilityZone, IsRunning: true, IsHealthy: true);
        var peer = new PairNode(_options.PeerNodeId, _options.PeerSubnetId, _options.PeerAvailabilityZone, IsRunning: true, IsHealthy: false);
        var pair = new PairSnapshot("media-node", [self, peer], _options.PeerNodeId, LastMoveAt: null);
        var trigger = new FailoverTrigger(TriggerKind.NodeFailed, _options.PeerNodeId, "peer heartbeats stopped and its lease lapsed");
        return new FailoverPolicy(TimeSpan.Zero).Decide(pair, trigger, _time.GetUtcNow());
    }

    private async Task ConfirmAsync(Func<CancellationToken, Task<bool>> holds, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.ConfirmTimeout;
        while (!await holds(cancellationToken).ConfigureAwait(false))
        {
            if (_time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"EC2 did not show the floating address on {_options.NetworkInterfaceId} within {_options.ConfirmTimeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        _logger.LogInformation("EC2 confirms the floating address on {Interface}", _options.NetworkInterfaceId);
    }

    private async Task<bool> HoldsPrivateIpAsync(CancellationToken cancellationToken)
    {
        var response = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            NetworkInterfaceIds = [_options.NetworkInterfaceId],
        }, cancellationToken).ConfigureAwait(false);
        return response.NetworkInterfaces.Any(n => n.PrivateIpAddresses.Any(a => a.PrivateIpAddress == _options.PrivateIpAddress));
    }

    private async Task<bool> HoldsElasticIpAsync(CancellationToken cancellationToken)
    {
        var response = await _ec2.DescribeAddressesAsync(new DescribeAddressesRequest
        {
            AllocationIds = [_options.AllocationId!],
        }, cancellationToken).ConfigureAwait(false);
        return response.Addresses.Any(a => a.NetworkInterfaceId == _options.NetworkInterfaceId && a.PrivateIpAddress == _options.PrivateIpAddress);
    }
}
