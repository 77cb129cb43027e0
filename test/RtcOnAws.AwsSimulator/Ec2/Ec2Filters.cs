using System.Globalization;
using System.Text.RegularExpressions;

namespace RtcOnAws.AwsSimulator.Ec2;

/// <summary>EC2 Describe* filter matching: a resource matches when every filter has a value matching one of the resource's values (* and ? wildcards).</summary>
internal static class Ec2Filters
{
    public static bool Matches<T>(T resource, List<(string Name, List<string> Values)> filters, Func<T, string, IEnumerable<string>?> valuesOf)
    {
        foreach (var (name, wanted) in filters)
        {
            var actual = valuesOf(resource, name)
                         ?? throw new SimulatorException("InvalidParameterValue", $"The filter '{name}' is invalid");
            if (!actual.Any(value => wanted.Any(pattern => Glob(pattern, value)))) return false;
        }
        return true;
    }

    /// <summary>Rejects unknown filter names even when there is nothing to match them against, as EC2 does.</summary>
    public static void Validate(List<(string Name, List<string> Values)> filters, IReadOnlySet<string> known)
    {
        foreach (var (name, values) in filters)
        {
            if (!known.Contains(name) && !name.StartsWith("tag:", StringComparison.Ordinal) && name is not ("tag-key" or "tag-value"))
                throw new SimulatorException("InvalidParameterValue", $"The filter '{name}' is invalid");
            if (values.Count == 0)
                throw new SimulatorException("InvalidParameterValue", $"The filter '{name}' has no values");
        }
    }

    public static IEnumerable<string>? TagValues(IReadOnlyDictionary<string, string> tags, string filterName) => filterName switch
    {
        _ when filterName.StartsWith("tag:", StringComparison.Ordinal) =>
            tags.TryGetValue(filterName[4..], out var value) ? [value] : [],
        "tag-key" => tags.Keys,
        "tag-value" => tags.Values,
        _ => null,
    };

    public static IEnumerable<string> One(string? value) => value is null ? [] : [value];

    public static IEnumerable<string> One(int value) => [value.ToString(CultureInfo.InvariantCulture)];

    private static bool Glob(string pattern, string value) =>
        !pattern.Contains('*') && !pattern.Contains('?')
            ? pattern == value
            : Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant);
}
