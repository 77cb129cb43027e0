using RtcOnAws.App;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class AppSettingsTests
{
    [Fact]
    public void Defaults_to_no_explicit_region_and_the_example_domain()
    {
        var settings = AppSettings.FromContext(SynthesizedApp.NewApp());
        Assert.Empty(settings.Regions);
        Assert.Equal("voice.example.com", settings.Domain);
    }

    [Theory]
    [InlineData("[\"us-east-1\",\"eu-west-1\"]")]
    [InlineData("us-east-1, eu-west-1")]
    public void Reads_regions_from_a_json_or_comma_separated_string(string value)
    {
        var settings = AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { ["regions"] = value, ["domain"] = "sip.example.org" }));
        Assert.Equal(["us-east-1", "eu-west-1"], settings.Regions);
        Assert.Equal("sip.example.org", settings.Domain);
    }

    [Fact]
    public void Reads_regions_from_a_json_list()
    {
        var settings = AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { ["regions"] = new[] { "ap-southeast-2" } }));
        Assert.Equal(["ap-southeast-2"], settings.Regions);
    }

    [Fact]
    public void Rejects_bad_regions_and_domain_naming_each_key()
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object>
        {
            ["regions"] = "[\"us-east-1\",\"mars-north-1x\",\"us-east-1\"]",
            ["domain"] = "Not a domain",
        })));
        Assert.Contains("'mars-north-1x' is not an AWS region name", error.Message, StringComparison.Ordinal);
        Assert.Contains("lists a region twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("context 'domain'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_malformed_json()
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { ["regions"] = "[us-east-1" })));
        Assert.Contains("not a JSON list", error.Message, StringComparison.Ordinal);
    }
}
