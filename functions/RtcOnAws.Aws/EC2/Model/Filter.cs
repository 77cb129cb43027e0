namespace RtcOnAws.Aws.EC2.Model;

/// <summary>A Describe* filter, e.g. Name "tag:rtconaws:pair" or "instance-state-name", with one or more values.</summary>
public sealed class Filter
{
    /// <summary>Creates an empty filter.</summary>
    public Filter()
    {
    }

    /// <summary>Creates a filter with a name and values.</summary>
    public Filter(string name, List<string> values)
    {
        Name = name;
        Values = values;
    }

    /// <summary>Filter name.</summary>
    public string? Name { get; set; }

    /// <summary>Values; a resource matches if any value matches.</summary>
    public List<string> Values { get; set; } = [];
}
