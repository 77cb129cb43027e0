using System.Text.RegularExpressions;

namespace RtcOnAws.Constructs.Validation;

/// <summary>Syntax checks for DNS names used as props.</summary>
internal static partial class DnsNames
{
    public const string DomainAllowed = "a lower-case DNS name such as voice.example.com";
    public const string LabelAllowed = "a lower-case DNS label (a-z, 0-9, '-', at most 63 characters) such as us-east-1-az1";

    public static bool IsDomain(string name) => DomainPattern().IsMatch(name);

    public static bool IsLabel(string label) => LabelPattern().IsMatch(label);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex LabelPattern();
}
