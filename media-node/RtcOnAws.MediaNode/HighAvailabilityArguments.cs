using System.CommandLine;

namespace RtcOnAws.MediaNode;

/// <summary>
/// The resolved values of the HA flags (defaults included) by option name, so validation, discovery and composition
/// read one set of values whether they come from a finished parse or a running validator.
/// </summary>
public sealed class HighAvailabilityArguments
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    /// <summary>Values by option name (e.g. <c>--ha-peer</c>).</summary>
    public HighAvailabilityArguments(IReadOnlyDictionary<string, object?> values) => _values = values;

    /// <summary>The value of a text option, or <c>null</c> when neither given, defaulted nor filled in.</summary>
    public string? Text(Option option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return _values.GetValueOrDefault(option.Name) as string;
    }

    /// <summary>The value of a number option.</summary>
    public int Number(Option<int> option) => _values.GetValueOrDefault(option.Name) is int value ? value : 0;

    /// <summary>Whether a switch is on.</summary>
    public bool Flag(Option<bool> option) => _values.GetValueOrDefault(option.Name) is true;

    /// <summary>These arguments with text values filled in where no flag gave one (a flag on the command line wins).</summary>
    public HighAvailabilityArguments With(IReadOnlyDictionary<string, string> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var values = new Dictionary<string, object?>(_values, StringComparer.Ordinal);
        foreach (var (name, value) in found)
        {
            values[name] = _values.GetValueOrDefault(name) ?? value;
        }

        return new HighAvailabilityArguments(values);
    }
}
