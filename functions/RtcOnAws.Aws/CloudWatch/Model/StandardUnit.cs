namespace RtcOnAws.Aws.CloudWatch.Model;

/// <summary>CloudWatch units (the StandardUnit enum of the 2010-08-01 API).</summary>
public static class StandardUnit
{
    /// <summary>A count (the heartbeat's unit).</summary>
    public const string Count = "Count";

    /// <summary>Seconds.</summary>
    public const string Seconds = "Seconds";

    /// <summary>Milliseconds.</summary>
    public const string Milliseconds = "Milliseconds";

    /// <summary>Percent.</summary>
    public const string Percent = "Percent";

    /// <summary>No unit.</summary>
    public const string None = "None";

    /// <summary>Every unit CloudWatch accepts.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
        "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
        "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };
}
