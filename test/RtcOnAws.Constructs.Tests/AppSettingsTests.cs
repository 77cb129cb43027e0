using RtcOnAws.App;
using RtcOnAws.Sbc.Contracts;
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

    [Theory]
    [InlineData("[\"10.0.2.15\",\"pbx.example.com:5080;transport=tcp\"]")]
    [InlineData("10.0.2.15, pbx.example.com:5080;transport=tcp")]
    public void Reads_sip_upstreams_in_order_from_a_json_or_comma_separated_string(string value)
    {
        var settings = AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { ["sipUpstreams"] = value }));
        Assert.Equal(
            [new SipUpstream("10.0.2.15"), new SipUpstream("pbx.example.com", 5080, SipTransport.Tcp)],
            settings.SipUpstreams!);
    }

    [Fact]
    public void Without_sip_upstreams_the_pairs_forward_by_request_uri()
    {
        Assert.Empty(AppSettings.FromContext(SynthesizedApp.NewApp()).SipUpstreams!);
    }

    [Theory]
    [InlineData("10.0.2.15:0")]
    [InlineData("10.0.2.15:70000")]
    [InlineData("10.0.2.15;transport=tls")]
    [InlineData("10.0.2.999")]
    [InlineData("PBX.example.com")]
    [InlineData("sip:10.0.2.15")]
    public void Rejects_a_bad_sip_upstream_naming_the_key_and_what_is_allowed(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { ["sipUpstreams"] = value })));
        Assert.Contains($"context 'sipUpstreams': '{value}' is not a SIP upstream; allowed: host[:port][;transport=udp|tcp]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_malformed_json()
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { ["regions"] = "[us-east-1" })));
        Assert.Contains("not a JSON list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_leave_every_optional_part_off()
    {
        var settings = AppSettings.FromContext(SynthesizedApp.NewApp());
        Assert.False(settings.GlobalAccelerator);
        Assert.False(settings.Tls);
        Assert.False(settings.WebRtcGateway);
        Assert.Null(settings.AlarmEmail);
        Assert.Null(settings.HostedZoneId);
    }

    [Fact]
    public void Tls_follows_an_imported_zone_and_the_accelerator()
    {
        var settings = AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object>
        {
            ["domain"] = "sip.example.org", ["hostedZoneId"] = "Z0EXAMPLE1234567890", ["globalAccelerator"] = "true", ["alarmEmail"] = "oncall@example.org",
        }));
        Assert.True(settings.Tls);
        Assert.Equal("oncall@example.org", settings.AlarmEmail);
    }

    [Theory]
    [InlineData("alarmEmail", "not-an-address", "context 'alarmEmail': 'not-an-address' is not an e-mail address; allowed: one address such as oncall@example.com")]
    [InlineData("alarmEmail", "Ops <ops@example.com>", "context 'alarmEmail': 'Ops <ops@example.com>' is not an e-mail address")]
    [InlineData("alarmEmail", "a@b@example.com", "is not an e-mail address")]
    [InlineData("hostedZoneId", "Z0EXAMPLE1234567890", "context 'hostedZoneId': is set without 'domain', so the zone's name is unknown; allowed: set 'domain'")]
    [InlineData("tls", "true", "context 'tls': is true without 'hostedZoneId'")]
    [InlineData("webRtcGateway", "true", "context 'webRtcGateway': is true without 'hostedZoneId'")]
    [InlineData("globalAccelerator", "yes", "context 'globalAccelerator': 'yes' is not a boolean; allowed: true or false")]
    [InlineData("shieldAdvanced", "1", "context 'shieldAdvanced': '1' is not a boolean; allowed: true or false (default false; Shield Advanced costs USD 3,000 per month)")]
    [InlineData("tls", "on", "context 'tls': 'on' is not a boolean; allowed: true or false")]
    [InlineData("webRtcGateway", "enabled", "context 'webRtcGateway': 'enabled' is not a boolean; allowed: true or false (default false)")]
    [InlineData("domain", "-bad-.example.com", "context 'domain': '-bad-.example.com' is not a domain name; allowed: a lower-case DNS name such as voice.example.com")]
    [InlineData("regions", "us-east-1,moon-1", "context 'regions': 'moon-1' is not an AWS region name; allowed: names such as us-east-1 or eu-west-1")]
    [InlineData("regions", "eu-west-1,eu-west-1", "context 'regions': lists a region twice; allowed: each region once")]
    [InlineData("regions", "[\"us-east-1\"", "context 'regions': '[\"us-east-1\"' is not a JSON list of strings; allowed:")]
    [InlineData("sipUpstreams", "[\"10.0.2.15\",", "context 'sipUpstreams': '[\"10.0.2.15\",' is not a JSON list of strings; allowed:")]
    [InlineData("sipUpstreams", "10.0.2.15:99999", "context 'sipUpstreams': '10.0.2.15:99999' is not a SIP upstream; allowed:")]
    public void A_context_value_that_cannot_deploy_fails_with_one_message_naming_the_key(string key, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { [key] = value })));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Message.Split(Environment.NewLine), line => line.StartsWith("  - ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_hosted_zone_id_fails_naming_the_key_and_the_allowed_form()
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object>
        {
            ["domain"] = "sip.example.org", ["hostedZoneId"] = "zone-123",
        })));
        Assert.Contains("context 'hostedZoneId': 'zone-123' is not a hosted zone id; allowed: an id such as Z0123456789ABCDEFGHIJ, or unset to create the zone", error.Message, StringComparison.Ordinal);
        Assert.Single(error.Message.Split(Environment.NewLine), line => line.StartsWith("  - ", StringComparison.Ordinal));
    }

    [Fact]
    public void Regions_that_are_neither_a_list_nor_a_string_fail_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object> { ["regions"] = 5 })));
        Assert.Contains("context 'regions': 5 is neither a list nor a string; allowed:", error.Message, StringComparison.Ordinal);
        Assert.Single(error.Message.Split(Environment.NewLine), line => line.StartsWith("  - ", StringComparison.Ordinal));
    }

    [Fact]
    public void Tls_with_a_zone_but_without_the_accelerator_names_the_missing_key()
    {
        var error = Assert.Throws<ArgumentException>(() => AppSettings.FromContext(SynthesizedApp.NewApp(context: new Dictionary<string, object>
        {
            ["domain"] = "sip.example.org", ["hostedZoneId"] = "Z0EXAMPLE1234567890", ["tls"] = "true",
        })));
        Assert.Contains("context 'tls': is true without 'globalAccelerator' (TLS terminates at the NLBs behind the accelerator)", error.Message, StringComparison.Ordinal);
    }
}
