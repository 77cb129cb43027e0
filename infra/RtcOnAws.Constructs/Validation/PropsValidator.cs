using Amazon.CDK;

namespace RtcOnAws.Constructs.Validation;

/// <summary>
/// Collects every prop error of one construct and throws them together, so nothing is created
/// half-configured. Values that are unresolved CDK tokens are known only at deploy time and are skipped.
/// </summary>
internal sealed class PropsValidator(string constructType, string constructId)
{
    private readonly List<PropError> _errors = [];

    public void Fail(string prop, string problem, string allowed) => _errors.Add(new PropError(prop, problem, allowed));

    /// <summary>Records an error unless <paramref name="value"/> is a token or <paramref name="isValid"/> holds.</summary>
    public void Check(object? value, bool isValid, string prop, string problem, string allowed)
    {
        if (!isValid && !IsToken(value))
        {
            Fail(prop, problem, allowed);
        }
    }

    public void CheckRange(double? value, double min, double max, string prop)
    {
        if (value is double v)
        {
            Check(v, v >= min && v <= max && Math.Floor(v) == v, prop, $"{Format(v)} is out of range", $"a whole number from {Format(min)} to {Format(max)}");
        }
    }

    /// <summary>Records an error unless <paramref name="duration"/> is unset, a token, or within <paramref name="min"/>-<paramref name="max"/> seconds.</summary>
    public void CheckSeconds(Duration? duration, double min, double max, string prop)
    {
        if (duration is { } value && !value.IsUnresolved())
        {
            var seconds = Seconds(value);
            Check(seconds, seconds >= min && seconds <= max, prop, $"{Format(seconds)} s is out of range", $"{Format(min)} to {Format(max)} seconds");
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new RtcPropsValidationException(constructType, constructId, _errors.ToArray());
        }
    }

    public static bool IsToken(object? value) => value is not null && Token.IsUnresolved(value);

    /// <summary>Seconds of a resolved duration, fractions kept (CDK's default conversion throws on them).</summary>
    public static double Seconds(Duration duration) => duration.ToSeconds(new TimeConversionOptions { Integral = false });

    public static string Format(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
