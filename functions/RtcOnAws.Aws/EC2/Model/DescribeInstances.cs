namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Describes instances.</summary>
public sealed class DescribeInstancesRequest
{
    /// <summary>Instances to describe; empty = all.</summary>
    public List<string> InstanceIds { get; set; } = [];

    /// <summary>Filters such as "tag:KEY", "tag-key", "instance-state-name", "availability-zone", "private-ip-address",
    /// "network-interface.network-interface-id", "subnet-id", "vpc-id".</summary>
    public List<Filter> Filters { get; set; } = [];

    /// <summary>Page size (5-1000); not allowed together with InstanceIds.</summary>
    public int? MaxResults { get; set; }

    /// <summary>Token from the previous page.</summary>
    public string? NextToken { get; set; }
}

/// <summary>Result of DescribeInstances.</summary>
public sealed class DescribeInstancesResponse : AmazonWebServiceResponse
{
    /// <summary>Reservations, each holding instances.</summary>
    public List<Reservation> Reservations { get; set; } = [];

    /// <summary>Token for the next page, null on the last.</summary>
    public string? NextToken { get; set; }
}

/// <summary>A launch reservation.</summary>
public sealed class Reservation
{
    /// <summary>Reservation id.</summary>
    public string? ReservationId { get; set; }

    /// <summary>Account id.</summary>
    public string? OwnerId { get; set; }

    /// <summary>Instances.</summary>
    public List<Instance> Instances { get; set; } = [];
}
