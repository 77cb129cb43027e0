namespace RtcOnAws.Functions.Tests;

/// <summary>Loads the AWS documentation example events in Fixtures/ and rewrites single values for a scenario.</summary>
public static class Fixture
{
    public static string Load(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string Load(string name, params (string From, string To)[] replacements)
    {
        var text = Load(name);
        foreach (var (from, to) in replacements)
        {
            if (!text.Contains(from, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{name} does not contain '{from}'", nameof(replacements));
            }

            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}
