namespace RtcOnAws.Aws.Route53.Model;

/// <summary>Applies a batch of record set changes atomically.</summary>
public sealed class ChangeResourceRecordSetsRequest
{
    /// <summary>Hosted zone id ("Z..." or "/hostedzone/Z...").</summary>
    public string? HostedZoneId { get; set; }

    /// <summary>The changes.</summary>
    public ChangeBatch ChangeBatch { get; set; } = new();
}

/// <summary>Changes applied together.</summary>
public sealed class ChangeBatch
{
    /// <summary>Optional comment.</summary>
    public string? Comment { get; set; }

    /// <summary>Changes in order.</summary>
    public List<Change> Changes { get; set; } = [];
}

/// <summary>One change.</summary>
public sealed class Change
{
    /// <summary>Creates an empty change.</summary>
    public Change()
    {
    }

    /// <summary>Creates a change.</summary>
    public Change(string action, ResourceRecordSet resourceRecordSet)
    {
        Action = action;
        ResourceRecordSet = resourceRecordSet;
    }

    /// <summary>See <see cref="ChangeAction"/>.</summary>
    public string? Action { get; set; }

    /// <summary>The record set to create, delete (must match exactly) or upsert.</summary>
    public ResourceRecordSet? ResourceRecordSet { get; set; }
}

/// <summary>Change actions.</summary>
public static class ChangeAction
{
    /// <summary>CREATE: fails if the record set exists.</summary>
    public const string Create = "CREATE";

    /// <summary>DELETE: the record set must match exactly.</summary>
    public const string Delete = "DELETE";

    /// <summary>UPSERT: create or replace.</summary>
    public const string Upsert = "UPSERT";
}

/// <summary>Result of ChangeResourceRecordSets.</summary>
public sealed class ChangeResourceRecordSetsResponse : AmazonWebServiceResponse
{
    /// <summary>The change's id and status.</summary>
    public ChangeInfo? ChangeInfo { get; set; }
}
