using System.Globalization;

namespace RtcOnAws.AwsSimulator.Http;

/// <summary>Parameters of an AWS Query / EC2 protocol request (form body plus URL query).</summary>
internal sealed class QueryParams(Dictionary<string, string> values)
{
    public string? Get(string name) => values.GetValueOrDefault(name);

    public string Required(string name) =>
        Get(name) is { Length: > 0 } value ? value : throw new SimulatorException("MissingParameter", $"The request must contain the parameter {name}");

    public bool? Bool(string name) => Get(name) is { } value
        ? value.Equals("true", StringComparison.OrdinalIgnoreCase)
            ? true
            : value.Equals("false", StringComparison.OrdinalIgnoreCase)
                ? false
                : throw new SimulatorException("InvalidParameterValue", $"Value ({value}) for parameter {name} is invalid. Expected a boolean.")
        : null;

    public int? Int(string name) => Get(name) is { } value
        ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new SimulatorException("InvalidParameterValue", $"Value ({value}) for parameter {name} is invalid. Expected an integer.")
        : null;

    /// <summary>Flattened list: Name.1, Name.2, ... in index order.</summary>
    public List<string> List(string name)
    {
        var prefix = name + ".";
        return values
            .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(kv.Key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .OrderBy(kv => int.Parse(kv.Key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture))
            .Select(kv => kv.Value)
            .ToList();
    }

    /// <summary>EC2 filters: Filter.N.Name with Filter.N.Value.M.</summary>
    public List<(string Name, List<string> Values)> Filters()
    {
        var filters = new List<(string, List<string>)>();
        for (var i = 1; Get($"Filter.{i}.Name") is { } name; i++) filters.Add((name, List($"Filter.{i}.Value")));
        return filters;
    }

    public static QueryParams Read(Microsoft.AspNetCore.Http.HttpRequest request, byte[] body)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query) parsed[key] = value.ToString();
        if (body.Length > 0)
        {
            var text = System.Text.Encoding.UTF8.GetString(body);
            foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
                var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                parsed[key] = value;
            }
        }
        return new QueryParams(parsed);
    }
}
