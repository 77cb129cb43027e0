namespace RtcOnAws.Aws.Route53.Model;

/// <summary>Lists record sets in name/type order, one page at a time.</summary>
public sealed class ListResourceRecordSetsRequest
{
    /// <summary>Hosted zone id.</summary>
    public string? HostedZoneId { get; set; }

    /// <summary>Start at this name (NextRecordName of the previous page).</summary>
    public string? StartRecordName { get; set; }

    /// <summary>Start at this type (needs StartRecordName).</summary>
    public string? StartRecordType { get; set; }

    /// <summary>Start at this set identifier.</summary>
    public string? StartRecordIdentifier { get; set; }

    /// <summary>Page size (1-300). Default: the service's (300).</summary>
    public int? MaxItems { get; set; }
}

/// <summary>Result of ListResourceRecordSets.</summary>
public sealed class ListResourceRecordSetsResponse : AmazonWebServiceResponse
{
    /// <summary>Record sets on this page.</summary>
    public List<ResourceRecordSet> ResourceRecordSets { get; set; } = [];

    /// <summary>True when another page follows.</summary>
    public bool IsTruncated { get; set; }

    /// <summary>Start name of the next page.</summary>
    public string? NextRecordName { get; set; }

    /// <summary>Start type of the next page.</summary>
    public string? NextRecordType { get; set; }

    /// <summary>Start identifier of the next page.</summary>
    public string? NextRecordIdentifier { get; set; }

    /// <summary>Page size used.</summary>
    public string? MaxItems { get; set; }
}
