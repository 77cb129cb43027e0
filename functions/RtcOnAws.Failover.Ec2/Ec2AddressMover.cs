using Amazon.EC2;
using Amazon.EC2.Model;

namespace RtcOnAws.Failover.Ec2;

/// <summary>
/// Moves a floating address with the EC2 mechanism of its <see cref="MoveScope"/> and confirms it: in one subnet
/// <c>AssignPrivateIpAddresses</c> with <c>AllowReassignment</c> (an Elastic IP on that private address follows it),
/// across subnets <c>AssociateAddress</c> with <c>AllowReassociation</c>. Both take the address from the failed node in
/// one call, and both remaps are asynchronous, so the move counts only once <c>DescribeNetworkInterfaces</c> /
/// <c>DescribeAddresses</c> show it on the target. Whether to move is the <see cref="FailoverPolicy"/>'s call, not this
/// class's; the failover Lambda and the media-node agent both move through it.
/// </summary>
public sealed class Ec2AddressMover
{
    private readonly IAmazonEC2 _ec2;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;

    /// <summary>Creates a mover that polls for the confirmation every <paramref name="pollInterval"/>.</summary>
    public Ec2AddressMover(IAmazonEC2 ec2, TimeSpan pollInterval, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _ec2 = ec2;
        _pollInterval = pollInterval;
        _time = time;
    }

    /// <summary>Issues the move (returns once EC2 accepted it); confirm with <see cref="StartedMove.ConfirmAsync"/>.</summary>
    public async Task<StartedMove> StartAsync(AddressMove move, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        var started = _time.GetTimestamp();
        if (move.Scope == MoveScope.SameSubnet)
        {
            await _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
            {
                NetworkInterfaceId = move.NetworkInterfaceId,
                PrivateIpAddresses = [move.PrivateIpAddress],
                AllowReassignment = true,
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _ec2.AssociateAddressAsync(new AssociateAddressRequest
            {
                AllocationId = move.AllocationId,
                NetworkInterfaceId = move.NetworkInterfaceId,
                PrivateIpAddress = move.PrivateIpAddress,
                AllowReassociation = true,
            }, cancellationToken).ConfigureAwait(false);
        }

        return new StartedMove(this, move, started);
    }

    /// <summary>Issues the move and waits until EC2 shows it; returns the time from the request to the confirmation.</summary>
    public async Task<TimeSpan> MoveAsync(AddressMove move, CancellationToken cancellationToken)
    {
        var started = await StartAsync(move, cancellationToken).ConfigureAwait(false);
        return await started.ConfirmAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<TimeSpan> ConfirmAsync(AddressMove move, long started, CancellationToken cancellationToken)
    {
        while (!await IsVisibleAsync(move, cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(_pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        return _time.GetElapsedTime(started);
    }

    private async Task<bool> IsVisibleAsync(AddressMove move, CancellationToken cancellationToken)
    {
        if (move.Scope == MoveScope.SameSubnet)
        {
            var interfaces = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
            {
                NetworkInterfaceIds = [move.NetworkInterfaceId],
            }, cancellationToken).ConfigureAwait(false);
            return (interfaces.NetworkInterfaces ?? []).Any(n =>
                n.NetworkInterfaceId == move.NetworkInterfaceId && (n.PrivateIpAddresses ?? []).Any(p => p.PrivateIpAddress == move.PrivateIpAddress));
        }

        var addresses = await _ec2.DescribeAddressesAsync(new DescribeAddressesRequest
        {
            AllocationIds = [move.AllocationId!],
        }, cancellationToken).ConfigureAwait(false);
        return (addresses.Addresses ?? []).Any(a =>
            a.AllocationId == move.AllocationId && a.NetworkInterfaceId == move.NetworkInterfaceId && a.PrivateIpAddress == move.PrivateIpAddress);
    }

    /// <summary>A move EC2 has accepted but may not show yet.</summary>
    public sealed class StartedMove
    {
        private readonly Ec2AddressMover _mover;
        private readonly long _started;

        internal StartedMove(Ec2AddressMover mover, AddressMove move, long started)
        {
            _mover = mover;
            Move = move;
            _started = started;
        }

        /// <summary>The move.</summary>
        public AddressMove Move { get; }

        /// <summary>
        /// Polls until EC2 shows the address on the target; returns the time from the request to the confirmation. Bound
        /// the wait with <paramref name="cancellationToken"/> (the invocation deadline, a confirm timeout).
        /// </summary>
        public Task<TimeSpan> ConfirmAsync(CancellationToken cancellationToken) => _mover.ConfirmAsync(Move, _started, cancellationToken);
    }
}
