namespace RtcOnAws.Aws.EC2.Model;

/// <summary>A resource tag.</summary>
public sealed class Tag
{
    /// <summary>Tag key.</summary>
    public string? Key { get; set; }

    /// <summary>Tag value.</summary>
    public string? Value { get; set; }
}
