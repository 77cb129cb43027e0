using System.Globalization;

namespace RtcOnAws.Functions;

/// <summary>Reads function settings from environment variables with errors that name the variable and what is allowed.</summary>
internal static class EnvironmentSettings
{
    public static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set; see docs/functions.md for the function's settings");

    public static string Optional(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    public static int Integer(string name, int fallback, int min, int max)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{name} must be an integer from {min} to {max}, got '{text}'");
    }

    public static TimeSpan Milliseconds(string name, int fallbackMs, int min, int max) =>
        TimeSpan.FromMilliseconds(Integer(name, fallbackMs, min, max));
}
