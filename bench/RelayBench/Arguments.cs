using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary><c>--name value</c> pairs after the subcommand.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> arguments)
    {
        string? name = null;
        foreach (var argument in arguments)
        {
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                name = argument[2..];
                _values[name] = "true";
            }
            else if (name is not null)
            {
                _values[name] = argument;
                name = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{argument}'; use --name value.");
            }
        }
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string String(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? Parse(name, value) : fallback;

    public int[] Ints(string name, int[] fallback) =>
        _values.TryGetValue(name, out var value) ? [.. value.Split(',').Select(item => Parse(name, item))] : fallback;

    private static int Parse(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) && parsed >= 0
            ? parsed
            : throw new ArgumentException($"--{name} must be a non-negative integer, got '{value}'.");
}
