using System.Xml.Linq;
using RtcOnAws.Aws.EC2.Model;
using RtcOnAws.Aws.Runtime;

namespace RtcOnAws.Aws.EC2;

/// <summary>EC2 Query API client (API version 2016-11-15), SigV4-signed with AWSSDK.Core.</summary>
public sealed class AmazonEC2Client : IAmazonEC2
{
    private const string ApiVersion = "2016-11-15";
    private readonly AwsHttpSender _sender;

    /// <summary>Creates a client with default options (region from the environment, default credential chain).</summary>
    public AmazonEC2Client() : this(new AwsClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    public AmazonEC2Client(AwsClientOptions options)
    {
        _sender = new AwsHttpSender(AwsService.Ec2, options);
    }

    /// <inheritdoc />
    public async Task<AssignPrivateIpAddressesResponse> AssignPrivateIpAddressesAsync(AssignPrivateIpAddressesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.NetworkInterfaceId, nameof(request.NetworkInterfaceId));
        if (request.PrivateIpAddresses.Count == 0 && request.SecondaryPrivateIpAddressCount is null)
            throw new ArgumentException("Give PrivateIpAddresses or SecondaryPrivateIpAddressCount.", nameof(request));
        var query = new QueryRequestBuilder("AssignPrivateIpAddresses", ApiVersion)
            .Add("NetworkInterfaceId", request.NetworkInterfaceId)
            .AddList("PrivateIpAddress", request.PrivateIpAddresses)
            .Add("SecondaryPrivateIpAddressCount", request.SecondaryPrivateIpAddressCount)
            .Add("AllowReassignment", request.AllowReassignment);
        var (root, response) = await SendAsync<AssignPrivateIpAddressesResponse>(query, "AssignPrivateIpAddresses", cancellationToken).ConfigureAwait(false);
        response.NetworkInterfaceId = root.Text("networkInterfaceId");
        response.AssignedPrivateIpAddresses = root.Items("assignedPrivateIpAddressesSet")
            .Select(item => new AssignedPrivateIpAddress { PrivateIpAddress = item.Text("privateIpAddress") })
            .ToList();
        return response;
    }

    /// <inheritdoc />
    public async Task<UnassignPrivateIpAddressesResponse> UnassignPrivateIpAddressesAsync(UnassignPrivateIpAddressesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request.NetworkInterfaceId, nameof(request.NetworkInterfaceId));
        if (request.PrivateIpAddresses.Count == 0) throw new ArgumentException("PrivateIpAddresses must not be empty.", nameof(request));
        var query = new QueryRequestBuilder("UnassignPrivateIpAddresses", ApiVersion)
            .Add("NetworkInterfaceId", request.NetworkInterfaceId)
            .AddList("PrivateIpAddress", request.PrivateIpAddresses);
        var (_, response) = await SendAsync<UnassignPrivateIpAddressesResponse>(query, "UnassignPrivateIpAddresses", cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public async Task<AssociateAddressResponse> AssociateAddressAsync(AssociateAddressRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.AllocationId is null && request.PublicIp is null)
            throw new ArgumentException("Give AllocationId (VPC) or PublicIp.", nameof(request));
        if (request.InstanceId is null && request.NetworkInterfaceId is null)
            throw new ArgumentException("Give InstanceId or NetworkInterfaceId.", nameof(request));
        var query = new QueryRequestBuilder("AssociateAddress", ApiVersion)
            .Add("AllocationId", request.AllocationId)
            .Add("PublicIp", request.PublicIp)
            .Add("InstanceId", request.InstanceId)
            .Add("NetworkInterfaceId", request.NetworkInterfaceId)
            .Add("PrivateIpAddress", request.PrivateIpAddress)
            .Add("AllowReassociation", request.AllowReassociation);
        var (root, response) = await SendAsync<AssociateAddressResponse>(query, "AssociateAddress", cancellationToken).ConfigureAwait(false);
        response.AssociationId = root.Text("associationId");
        return response;
    }

    /// <inheritdoc />
    public async Task<DisassociateAddressResponse> DisassociateAddressAsync(DisassociateAddressRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.AssociationId is null && request.PublicIp is null)
            throw new ArgumentException("Give AssociationId (VPC) or PublicIp.", nameof(request));
        var query = new QueryRequestBuilder("DisassociateAddress", ApiVersion)
            .Add("AssociationId", request.AssociationId)
            .Add("PublicIp", request.PublicIp);
        var (_, response) = await SendAsync<DisassociateAddressResponse>(query, "DisassociateAddress", cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public async Task<DescribeAddressesResponse> DescribeAddressesAsync(DescribeAddressesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryRequestBuilder("DescribeAddresses", ApiVersion)
            .AddList("AllocationId", request.AllocationIds)
            .AddList("PublicIp", request.PublicIps)
            .AddFilters(request.Filters);
        var (root, response) = await SendAsync<DescribeAddressesResponse>(query, "DescribeAddresses", cancellationToken).ConfigureAwait(false);
        response.Addresses = root.Items("addressesSet").Select(Ec2XmlReader.Address).ToList();
        return response;
    }

    /// <inheritdoc />
    public async Task<DescribeNetworkInterfacesResponse> DescribeNetworkInterfacesAsync(DescribeNetworkInterfacesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryRequestBuilder("DescribeNetworkInterfaces", ApiVersion)
            .AddList("NetworkInterfaceId", request.NetworkInterfaceIds)
            .AddFilters(request.Filters)
            .Add("MaxResults", request.MaxResults)
            .Add("NextToken", request.NextToken);
        var (root, response) = await SendAsync<DescribeNetworkInterfacesResponse>(query, "DescribeNetworkInterfaces", cancellationToken).ConfigureAwait(false);
        response.NetworkInterfaces = root.Items("networkInterfaceSet").Select(Ec2XmlReader.NetworkInterface).ToList();
        response.NextToken = NullIfEmpty(root.Text("nextToken"));
        return response;
    }

    /// <inheritdoc />
    public async Task<CreateTagsResponse> CreateTagsAsync(CreateTagsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resources.Count == 0) throw new ArgumentException("Resources must not be empty.", nameof(request));
        if (request.Tags.Count == 0) throw new ArgumentException("Tags must not be empty.", nameof(request));
        var query = new QueryRequestBuilder("CreateTags", ApiVersion).AddList("ResourceId", request.Resources);
        for (var i = 0; i < request.Tags.Count; i++)
        {
            if (string.IsNullOrEmpty(request.Tags[i].Key)) throw new ArgumentException($"Tags[{i}].Key is required.", nameof(request));
            query.Add($"Tag.{i + 1}.Key", request.Tags[i].Key).Add($"Tag.{i + 1}.Value", request.Tags[i].Value ?? "");
        }
        var (_, response) = await SendAsync<CreateTagsResponse>(query, "CreateTags", cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public async Task<DescribeInstancesResponse> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryRequestBuilder("DescribeInstances", ApiVersion)
            .AddList("InstanceId", request.InstanceIds)
            .AddFilters(request.Filters)
            .Add("MaxResults", request.MaxResults)
            .Add("NextToken", request.NextToken);
        var (root, response) = await SendAsync<DescribeInstancesResponse>(query, "DescribeInstances", cancellationToken).ConfigureAwait(false);
        response.Reservations = root.Items("reservationSet").Select(Ec2XmlReader.Reservation).ToList();
        response.NextToken = NullIfEmpty(root.Text("nextToken"));
        return response;
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();

    private Task<(XElement Root, TResponse Response)> SendAsync<TResponse>(QueryRequestBuilder query, string operation, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new() =>
        QueryProtocol.SendAsync<TResponse>(_sender, query, operation, cancellationToken);

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is required.", name);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
