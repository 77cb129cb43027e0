using System.Text.Json;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// Checks the whole synthesized default and two-region apps for mistakes CloudFormation only reports at deploy time in
/// a fresh account: physical names shared by two resources, Elastic IPs racing the internet gateway attachment, and
/// certificates waiting on DNS validation in a zone nobody has delegated.
/// </summary>
[Collection(CdkCollection.Name)]
public sealed class FreshAccountDeployabilityTests(DefaultAppFixture defaultApp, TwoRegionAppFixture twoRegionApp)
{
    // Properties ending in "Name" that describe or point at something rather than name the resource itself.
    private static readonly HashSet<string> NotPhysicalNames = ["MetricName", "DomainName", "DisplayName"];

    // Inline policies: the name is unique per role only, and CDK derives it from the construct path.
    private static readonly HashSet<string> PerParentNames = ["AWS::IAM::Policy|PolicyName"];

    public static TheoryData<string> Apps => new() { "default", "two-region" };

    [Theory]
    [MemberData(nameof(Apps))]
    public void No_two_resources_share_a_physical_name(string app)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (stack, template) in App(app).Json)
        {
            foreach (var resource in template.GetProperty("Resources").EnumerateObject())
            {
                var type = resource.Value.GetProperty("Type").GetString()!;
                if (!resource.Value.TryGetProperty("Properties", out var properties))
                {
                    continue;
                }
                foreach (var key in PhysicalNameKeys(type, properties))
                {
                    var where = $"{stack}/{resource.Name}";
                    Assert.False(names.TryGetValue(key, out var other), $"{where} and {other} share the physical name {key}");
                    names[key] = where;
                }
            }
        }
        Assert.NotEmpty(names);
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Every_elastic_ip_and_association_waits_for_the_internet_gateway_attachment(string app)
    {
        var checkedCount = 0;
        foreach (var (stack, template) in App(app).Json)
        {
            var resources = template.GetProperty("Resources").EnumerateObject().ToList();
            var attachments = resources.Where(r => Type(r) == "AWS::EC2::VPCGatewayAttachment").Select(r => r.Name).ToList();
            foreach (var eip in resources.Where(r => Type(r) is "AWS::EC2::EIP" or "AWS::EC2::EIPAssociation"))
            {
                Assert.NotEmpty(attachments);
                var waitsFor = DependsOnClosure(template, eip.Name);
                Assert.True(attachments.Any(waitsFor.Contains), $"{stack}/{eip.Name} does not depend on the gateway attachment");
                checkedCount++;
            }
        }
        Assert.True(checkedCount >= 4, $"only {checkedCount} Elastic IP resources found");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void No_certificate_validates_against_a_zone_the_app_creates(string app)
    {
        foreach (var (stack, template) in App(app).Json)
        {
            foreach (var certificate in template.GetProperty("Resources").EnumerateObject().Where(r => Type(r) == "AWS::CertificateManager::Certificate"))
            {
                var properties = certificate.Value.GetProperty("Properties");
                var method = properties.TryGetProperty("ValidationMethod", out var m) ? m.GetString() : "EMAIL";
                Assert.Equal("DNS", method);
                var options = properties.GetProperty("DomainValidationOptions").EnumerateArray().ToList();
                Assert.NotEmpty(options);
                // A zone this app creates appears as a Ref, GetAtt or cross-stack import; only a literal id is a zone
                // that existed (and was delegated) before the deployment.
                Assert.All(options, option => Assert.Equal(JsonValueKind.String, option.GetProperty("HostedZoneId").ValueKind));
            }
        }
    }

    [Fact]
    public void The_default_app_creates_no_certificate_and_no_tls_listener()
    {
        foreach (var template in defaultApp.App.Json.Values)
        {
            var types = template.GetProperty("Resources").EnumerateObject().Select(Type).ToList();
            Assert.DoesNotContain("AWS::CertificateManager::Certificate", types);
            Assert.DoesNotContain(template.GetProperty("Resources").EnumerateObject()
                .Where(r => Type(r) == "AWS::ElasticLoadBalancingV2::Listener")
                .Select(r => r.Value.GetProperty("Properties").GetProperty("Protocol").GetString()), p => p is "TLS" or "HTTPS");
        }
    }

    /// <summary>Every resource <paramref name="id"/> waits for through DependsOn, directly or through others.</summary>
    private static HashSet<string> DependsOnClosure(JsonElement template, string id)
    {
        var resources = template.GetProperty("Resources");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([id]);
        while (pending.TryPop(out var current))
        {
            if (!resources.GetProperty(current).TryGetProperty("DependsOn", out var d))
            {
                continue;
            }
            var direct = d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().Select(x => x.GetString()!) : [d.GetString()!];
            foreach (var next in direct.Where(seen.Add))
            {
                pending.Push(next);
            }
        }
        return seen;
    }

    private SynthesizedApp App(string name) => name == "default" ? defaultApp.App : twoRegionApp.App;

    private static string Type(JsonProperty resource) => resource.Value.GetProperty("Type").GetString()!;

    /// <summary>Keys that must be unique in the app: one per literal top-level "...Name" property, scoped by resource type.</summary>
    private static IEnumerable<string> PhysicalNameKeys(string type, JsonElement properties)
    {
        if (type == "AWS::Route53::RecordSet")
        {
            // A record set is identified by zone, name, type and set identifier.
            yield return string.Join('|', type, properties.GetProperty("HostedZoneId").GetRawText(), properties.GetProperty("Name").GetRawText(),
                properties.GetProperty("Type").GetString(), properties.TryGetProperty("SetIdentifier", out var set) ? set.GetRawText() : "");
            yield break;
        }
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Name.EndsWith("Name", StringComparison.Ordinal) && !NotPhysicalNames.Contains(property.Name)
                && !PerParentNames.Contains($"{type}|{property.Name}")
                && property.Value.ValueKind == JsonValueKind.String)
            {
                yield return $"{type}|{property.Name}|{property.Value.GetString()}";
            }
        }
    }
}
