using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RtcOnAws.App;

/// <summary>
/// The app's configuration, read from CDK context (cdk.json, <c>-c key=value</c>, or <c>CDK_CONTEXT_JSON</c>).
/// </summary>
/// <param name="Regions">Regions to deploy to; empty means one environment-agnostic regional stack.</param>
/// <param name="Domain">The SIP domain.</param>
/// <param name="HostedZoneId">An existing public hosted zone for <paramref name="Domain"/>; null creates one.</param>
/// <param name="ShieldAdvanced">Whether to protect EIPs, load balancers and the accelerator with Shield Advanced.</param>
internal sealed partial record AppSettings(IReadOnlyList<string> Regions, string Domain, string? HostedZoneId, bool ShieldAdvanced)
{
    public const string RegionsKey = "regions";
    public const string DomainKey = "domain";
    public const string HostedZoneIdKey = "hostedZoneId";
    public const string ShieldAdvancedKey = "shieldAdvanced";
    public const string DefaultDomain = "voice.example.com";

    public static AppSettings FromContext(Amazon.CDK.App app)
    {
        var errors = new List<string>();
        var regions = ReadList(app.Node.TryGetContext(RegionsKey), errors);
        foreach (var region in regions.Where(r => !RegionPattern().IsMatch(r)))
        {
            errors.Add($"context '{RegionsKey}': '{region}' is not an AWS region name; allowed: names such as us-east-1 or eu-west-1");
        }
        if (regions.Distinct(StringComparer.Ordinal).Count() != regions.Count)
        {
            errors.Add($"context '{RegionsKey}': lists a region twice; allowed: each region once");
        }
        var domain = app.Node.TryGetContext(DomainKey)?.ToString() ?? DefaultDomain;
        if (!DomainPattern().IsMatch(domain))
        {
            errors.Add($"context '{DomainKey}': '{domain}' is not a domain name; allowed: a lower-case DNS name such as {DefaultDomain}");
        }
        var hostedZoneId = app.Node.TryGetContext(HostedZoneIdKey)?.ToString();
        if (hostedZoneId is not null && !HostedZoneIdPattern().IsMatch(hostedZoneId))
        {
            errors.Add($"context '{HostedZoneIdKey}': '{hostedZoneId}' is not a hosted zone id; allowed: an id such as Z0123456789ABCDEFGHIJ, or unset to create the zone");
        }
        var shield = app.Node.TryGetContext(ShieldAdvancedKey)?.ToString()?.ToLowerInvariant() ?? "false";
        if (shield is not ("true" or "false"))
        {
            errors.Add($"context '{ShieldAdvancedKey}': '{shield}' is not a boolean; allowed: true or false (default false; Shield Advanced costs USD 3,000 per month)");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid CDK context:" + string.Concat(errors.Select(e => $"{Environment.NewLine}  - {e}")));
        }
        return new AppSettings(regions, domain, hostedZoneId, shield == "true");
    }

    private static List<string> ReadList(object? value, List<string> errors)
    {
        switch (value)
        {
            case null:
                return [];
            case string text when text.TrimStart().StartsWith('['):
                try
                {
                    return JsonSerializer.Deserialize<List<string>>(text) ?? [];
                }
                catch (JsonException)
                {
                    errors.Add($"context '{RegionsKey}': '{text}' is not a JSON list of strings; allowed: [\"us-east-1\",\"eu-west-1\"] or us-east-1,eu-west-1");
                    return [];
                }
            case string text:
                return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            case IEnumerable items:
                return items.Cast<object?>().Select(item => item?.ToString() ?? "").ToList();
            default:
                errors.Add($"context '{RegionsKey}': {value} is neither a list nor a string; allowed: [\"us-east-1\",\"eu-west-1\"] or us-east-1,eu-west-1");
                return [];
        }
    }

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^Z[A-Z0-9]{1,31}$")]
    private static partial Regex HostedZoneIdPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();
}
