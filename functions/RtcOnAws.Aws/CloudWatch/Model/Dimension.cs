namespace RtcOnAws.Aws.CloudWatch.Model;

/// <summary>A name/value pair that is part of a metric's identity (e.g. InstanceId = i-0123...).</summary>
public sealed class Dimension
{
    /// <summary>Dimension name (1-255 characters).</summary>
    public string? Name { get; set; }

    /// <summary>Dimension value (1-1024 characters).</summary>
    public string? Value { get; set; }
}
