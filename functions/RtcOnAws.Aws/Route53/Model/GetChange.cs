namespace RtcOnAws.Aws.Route53.Model;

/// <summary>Gets a change's status.</summary>
public sealed class GetChangeRequest
{
    /// <summary>Change id ("C..." or "/change/C...").</summary>
    public string? Id { get; set; }
}

/// <summary>Result of GetChange.</summary>
public sealed class GetChangeResponse : AmazonWebServiceResponse
{
    /// <summary>The change.</summary>
    public ChangeInfo? ChangeInfo { get; set; }
}
