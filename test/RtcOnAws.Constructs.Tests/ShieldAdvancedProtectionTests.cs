using Amazon.CDK;
using Amazon.CDK.Assertions;
using RtcOnAws.Constructs.Protection;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class ShieldAdvancedProtectionTests(EdgeFixture fixture, DefaultAppFixture defaultApp)
{
    [Fact]
    public void Protects_each_resource_once()
    {
        var global = fixture.App.Template(EdgeFixture.Global);
        global.ResourceCountIs("AWS::Shield::Protection", 2);
        var arns = fixture.App.Resources(EdgeFixture.Global, "AWS::Shield::Protection").Select(p => p.Properties.GetProperty("ResourceArn").GetRawText()).ToList();
        Assert.Contains(arns, a => a.Contains("Accelerator", StringComparison.Ordinal));
        Assert.Contains(arns, a => a.Contains("eip-allocation/eipalloc-0123456789abcdef0", StringComparison.Ordinal));
    }

    [Fact]
    public void Builds_elastic_ip_arns_shield_understands()
    {
        var arn = System.Text.Json.JsonSerializer.Serialize(Stack.Of(fixture.SameAzPair).Resolve(ShieldAdvancedProtection.ElasticIpArn(fixture.SameAzPair.ElasticIp)));
        Assert.Contains(":eip-allocation/", arn, StringComparison.Ordinal);
        Assert.Contains("AllocationId", arn, StringComparison.Ordinal);
    }

    [Fact]
    public void Is_absent_from_the_default_app() =>
        Assert.DoesNotContain("AWS::Shield::Protection", string.Concat(defaultApp.App.Json.Values.Select(t => t.GetRawText())), StringComparison.Ordinal);

    [Fact]
    public void Rejects_empty_duplicate_and_non_arn_resources()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        ValidationAssert.FailsFor(() => new ShieldAdvancedProtection(stack, "Empty", new ShieldAdvancedProtectionProps { ResourceArns = [] }), "ResourceArns");
        ValidationAssert.FailsFor(() => new ShieldAdvancedProtection(stack, "Bad", new ShieldAdvancedProtectionProps { ResourceArns = ["eipalloc-1", "arn:aws:x", "arn:aws:x"] }), "ResourceArns", "ResourceArns");
    }
}
