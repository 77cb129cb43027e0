using System.Text.Json;

namespace RtcOnAws.MediaNode;

/// <summary>
/// Turns a config file into command-line arguments, so every option (including extensions') can come from either.
/// Keys are long option names without "--". Two formats: rtpengine's ini style (values under a section, default
/// <c>[rtpengine]</c>, <c>key = value</c>, <c>#</c>/<c>;</c> comments) or a JSON object. Flags given on the command line
/// win over the file; keys that are not options of this daemon (rtpengine has many more) are skipped with a warning.
/// </summary>
public static class ConfigFileArguments
{
    /// <summary>The option naming the file.</summary>
    public const string FileOption = Sbc.Contracts.MediaNodeFlags.ConfigFile;

    /// <summary>The option naming the ini section.</summary>
    public const string SectionOption = "--config-section";

    /// <summary>Returns <paramref name="args"/> plus the file's values for options not already given.</summary>
    public static string[] Expand(string[] args, IReadOnlySet<string> knownOptions, TextWriter warnings)
    {
        var path = ValueOf(args, FileOption);
        if (path is null)
        {
            return args;
        }

        var text = File.ReadAllText(path);
        var section = ValueOf(args, SectionOption) ?? "rtpengine";
        var entries = text.TrimStart().StartsWith('{') ? ReadJson(text, path) : ReadIni(text, section, path);
        var expanded = new List<string>(args);
        foreach (var (key, value) in entries)
        {
            var option = "--" + key;
            if (!knownOptions.Contains(option))
            {
                warnings.WriteLine($"warning: {path}: '{key}' is not a media-node option; ignored");
                continue;
            }

            if (ValueOf(args, option) is null && !args.Contains(option, StringComparer.Ordinal))
            {
                expanded.Add(option);
                expanded.Add(value);
            }
        }

        return [.. expanded];
    }

    private static string? ValueOf(string[] args, string option)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == option && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(option + "=", StringComparison.Ordinal))
            {
                return args[i][(option.Length + 1)..];
            }
        }

        return null;
    }

    private static List<(string Key, string Value)> ReadIni(string text, string section, string path)
    {
        var entries = new List<(string, string)>();
        string? current = null;
        var number = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                current = line.TrimStart('[').TrimEnd(']').Trim();
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"{path} line {number}: expected 'key = value', got '{line}'");
            }

            if (current == section)
            {
                entries.Add((line[..equals].Trim(), line[(equals + 1)..].Trim()));
            }
        }

        return entries;
    }

    private static List<(string Key, string Value)> ReadJson(string text, string path)
    {
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: a JSON config file must be an object of option names to values");
        }

        var entries = new List<(string, string)>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => throw new FormatException($"{path}: '{property.Name}' must be a string, number or boolean"),
            };
            entries.Add((property.Name, value));
        }

        return entries;
    }
}
