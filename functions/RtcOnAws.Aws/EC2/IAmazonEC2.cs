using RtcOnAws.Aws.EC2.Model;

namespace RtcOnAws.Aws.EC2;

/// <summary>The EC2 operations RtcOnAws uses, shaped like AWSSDK.EC2's IAmazonEC2 so the SDK can replace this client.</summary>
public interface IAmazonEC2 : IDisposable
{
    /// <summary>Assigns secondary private addresses to an interface (AllowReassignment moves them from another interface).</summary>
    Task<AssignPrivateIpAddressesResponse> AssignPrivateIpAddressesAsync(AssignPrivateIpAddressesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Removes secondary private addresses from an interface.</summary>
    Task<UnassignPrivateIpAddressesResponse> UnassignPrivateIpAddressesAsync(UnassignPrivateIpAddressesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Associates an Elastic IP (AllowReassociation moves it).</summary>
    Task<AssociateAddressResponse> AssociateAddressAsync(AssociateAddressRequest request, CancellationToken cancellationToken = default);

    /// <summary>Disassociates an Elastic IP.</summary>
    Task<DisassociateAddressResponse> DisassociateAddressAsync(DisassociateAddressRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes Elastic IPs.</summary>
    Task<DescribeAddressesResponse> DescribeAddressesAsync(DescribeAddressesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes network interfaces (one page).</summary>
    Task<DescribeNetworkInterfacesResponse> DescribeNetworkInterfacesAsync(DescribeNetworkInterfacesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Adds or overwrites tags on resources.</summary>
    Task<CreateTagsResponse> CreateTagsAsync(CreateTagsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Describes instances (one page).</summary>
    Task<DescribeInstancesResponse> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken = default);
}
