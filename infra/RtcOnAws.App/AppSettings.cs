using System.Collections;
using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.App;

/// <summary>
/// The app's configuration, read from CDK context (cdk.json, <c>-c key=value</c>, or <c>CDK_CONTEXT_JSON</c>).
/// </summary>
/// <param name="Regions">Regions to deploy to; empty means one environment-agnostic regional stack.</param>
/// <param name="Domain">The SIP domain.</param>
/// <param name="HostedZoneId">An existing public hosted zone for <paramref name="Domain"/>; null creates one.</param>
/// <param name="ShieldAdvanced">Whether to protect EIPs, load balancers and the accelerator with Shield Advanced.</param>
/// <param name="GlobalAccelerator">Whether to add the anycast path: Global Accelerator → a SIP NLB per region → floating addresses.</param>
/// <param name="Tls">Whether to terminate SIP over TLS (5061) at the NLBs with a DNS-validated certificate in the imported zone.</param>
/// <param name="WebRtcGateway">Whether to deploy the WebRTC gateway (ALB and Auto Scaling group).</param>
/// <param name="AlarmEmail">An address subscribed to the alarm topic; null subscribes nobody.</param>
/// <param name="SipUpstreams">Upstreams every SBC pair dispatches calls to, in order of preference; empty forwards by Request-URI.</param>
internal sealed partial record AppSettings(
    IReadOnlyList<string> Regions,
    string Domain,
    string? HostedZoneId,
    bool ShieldAdvanced,
    bool GlobalAccelerator = false,
    bool Tls = false,
    bool WebRtcGateway = false,
    string? AlarmEmail = null,
    IReadOnlyList<SipUpstream>? SipUpstreams = null)
{
    public const string RegionsKey = "regions";
    public const string DomainKey = "domain";
    public const string HostedZoneIdKey = "hostedZoneId";
    public const string ShieldAdvancedKey = "shieldAdvanced";
    public const string GlobalAcceleratorKey = "globalAccelerator";
    public const string TlsKey = "tls";
    public const string WebRtcGatewayKey = "webRtcGateway";
    public const string AlarmEmailKey = "alarmEmail";
    public const string SipUpstreamsKey = "sipUpstreams";
    public const string DefaultDomain = "voice.example.com";

    public static AppSettings FromContext(Amazon.CDK.App app)
    {
        var errors = new List<string>();
        var regions = ReadList(app.Node.TryGetContext(RegionsKey), RegionsKey, "[\"us-east-1\",\"eu-west-1\"] or us-east-1,eu-west-1", errors);
        foreach (var region in regions.Where(r => !RegionPattern().IsMatch(r)))
        {
            errors.Add($"context '{RegionsKey}': '{region}' is not an AWS region name; allowed: names such as us-east-1 or eu-west-1");
        }
        if (regions.Distinct(StringComparer.Ordinal).Count() != regions.Count)
        {
            errors.Add($"context '{RegionsKey}': lists a region twice; allowed: each region once");
        }
        var explicitDomain = app.Node.TryGetContext(DomainKey)?.ToString();
        var domain = explicitDomain ?? DefaultDomain;
        if (!DomainPattern().IsMatch(domain))
        {
            errors.Add($"context '{DomainKey}': '{domain}' is not a domain name; allowed: a lower-case DNS name such as {DefaultDomain}");
        }
        var hostedZoneId = app.Node.TryGetContext(HostedZoneIdKey)?.ToString();
        if (hostedZoneId is not null && !HostedZoneIdPattern().IsMatch(hostedZoneId))
        {
            errors.Add($"context '{HostedZoneIdKey}': '{hostedZoneId}' is not a hosted zone id; allowed: an id such as Z0123456789ABCDEFGHIJ, or unset to create the zone");
        }
        if (hostedZoneId is not null && explicitDomain is null)
        {
            errors.Add($"context '{HostedZoneIdKey}': is set without '{DomainKey}', so the zone's name is unknown; allowed: set '{DomainKey}' to the name of hosted zone {hostedZoneId}");
        }
        var shield = ReadBool(app, ShieldAdvancedKey, false, "default false; Shield Advanced costs USD 3,000 per month", errors);
        var accelerator = ReadBool(app, GlobalAcceleratorKey, false, "default false", errors);
        // TLS needs a certificate, and a DNS-validated one only issues in a zone that is delegated: an imported one.
        var tls = ReadBool(app, TlsKey, hostedZoneId is not null && accelerator, $"default true when '{HostedZoneIdKey}' and '{GlobalAcceleratorKey}' are set, else false", errors);
        if (tls && (hostedZoneId is null || !accelerator))
        {
            errors.Add($"context '{TlsKey}': is true without {(hostedZoneId is null ? $"'{HostedZoneIdKey}' (the certificate is validated through DNS in a delegated zone you own)" : $"'{GlobalAcceleratorKey}' (TLS terminates at the NLBs behind the accelerator)")}; " +
                $"allowed: true only with '{HostedZoneIdKey}' and '{GlobalAcceleratorKey}' = true, otherwise false");
        }
        var webRtc = ReadBool(app, WebRtcGatewayKey, false, "default false", errors);
        if (webRtc && hostedZoneId is null)
        {
            errors.Add($"context '{WebRtcGatewayKey}': is true without '{HostedZoneIdKey}' (its HTTPS listener needs a certificate validated through DNS in a delegated zone you own); allowed: true only with '{HostedZoneIdKey}', otherwise false");
        }
        var alarmEmail = app.Node.TryGetContext(AlarmEmailKey)?.ToString();
        if (alarmEmail is not null && !IsEmailAddress(alarmEmail))
        {
            errors.Add($"context '{AlarmEmailKey}': '{alarmEmail}' is not an e-mail address; allowed: one address such as oncall@example.com, or unset to subscribe nobody");
        }
        var upstreams = new List<SipUpstream>();
        foreach (var text in ReadList(app.Node.TryGetContext(SipUpstreamsKey), SipUpstreamsKey, SipUpstreamText.Allowed, errors))
        {
            if (SipUpstreamText.Parse(text) is { } upstream)
            {
                upstreams.Add(upstream);
            }
            else
            {
                errors.Add($"context '{SipUpstreamsKey}': '{text}' is not a SIP upstream; allowed: {SipUpstreamText.Allowed}");
            }
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid CDK context:" + string.Concat(errors.Select(e => $"{Environment.NewLine}  - {e}")));
        }
        return new AppSettings(regions, domain, hostedZoneId, shield, accelerator, tls, webRtc, alarmEmail, upstreams);
    }

    private static bool IsEmailAddress(string text) =>
        EmailPattern().IsMatch(text) && MailAddress.TryCreate(text, out var address) && address.Address == text;

    private static bool ReadBool(Amazon.CDK.App app, string key, bool fallback, string defaultText, List<string> errors)
    {
        var text = app.Node.TryGetContext(key)?.ToString()?.ToLowerInvariant();
        switch (text)
        {
            case null:
                return fallback;
            case "true" or "false":
                return text == "true";
            default:
                errors.Add($"context '{key}': '{text}' is not a boolean; allowed: true or false ({defaultText})");
                return fallback;
        }
    }

    private static List<string> ReadList(object? value, string key, string allowed, List<string> errors)
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
                    errors.Add($"context '{key}': '{text}' is not a JSON list of strings; allowed: {allowed}");
                    return [];
                }
            case string text:
                return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            case IEnumerable items:
                return items.Cast<object?>().Select(item => item?.ToString() ?? "").ToList();
            default:
                errors.Add($"context '{key}': {value} is neither a list nor a string; allowed: {allowed}");
                return [];
        }
    }

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^Z[A-Z0-9]{1,31}$")]
    private static partial Regex HostedZoneIdPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();

    // SNS e-mail endpoints: one plain address, no display name, a dotted domain.
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex EmailPattern();
}
