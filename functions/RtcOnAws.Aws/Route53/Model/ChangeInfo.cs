namespace RtcOnAws.Aws.Route53.Model;

/// <summary>Status of a submitted change.</summary>
public sealed class ChangeInfo
{
    /// <summary>Change id as Route 53 returns it ("/change/C...").</summary>
    public string? Id { get; set; }

    /// <summary>See <see cref="ChangeStatus"/>.</summary>
    public string? Status { get; set; }

    /// <summary>Submission time (UTC).</summary>
    public DateTime? SubmittedAt { get; set; }

    /// <summary>The batch's comment.</summary>
    public string? Comment { get; set; }
}

/// <summary>Change statuses.</summary>
public static class ChangeStatus
{
    /// <summary>Not yet on every Route 53 server.</summary>
    public const string Pending = "PENDING";

    /// <summary>Applied everywhere.</summary>
    public const string Insync = "INSYNC";
}
