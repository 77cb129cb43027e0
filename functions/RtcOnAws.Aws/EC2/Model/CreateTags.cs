namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Adds or overwrites tags on EC2 resources (instances, interfaces, Elastic IPs, ...).</summary>
public sealed class CreateTagsRequest
{
    /// <summary>Resource ids to tag.</summary>
    public List<string> Resources { get; set; } = [];

    /// <summary>Tags to set; an existing key is overwritten.</summary>
    public List<Tag> Tags { get; set; } = [];
}

/// <summary>Result of CreateTags.</summary>
public sealed class CreateTagsResponse : AmazonWebServiceResponse;
