namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Describes network interfaces.</summary>
public sealed class DescribeNetworkInterfacesRequest
{
    /// <summary>Interfaces to describe; empty = all.</summary>
    public List<string> NetworkInterfaceIds { get; set; } = [];

    /// <summary>Filters such as "attachment.instance-id", "addresses.private-ip-address", "subnet-id", "tag:KEY".</summary>
    public List<Filter> Filters { get; set; } = [];

    /// <summary>Page size (5-1000).</summary>
    public int? MaxResults { get; set; }

    /// <summary>Token from the previous page.</summary>
    public string? NextToken { get; set; }
}

/// <summary>Result of DescribeNetworkInterfaces.</summary>
public sealed class DescribeNetworkInterfacesResponse : AmazonWebServiceResponse
{
    /// <summary>The interfaces.</summary>
    public List<NetworkInterface> NetworkInterfaces { get; set; } = [];

    /// <summary>Token for the next page, null on the last.</summary>
    public string? NextToken { get; set; }
}
