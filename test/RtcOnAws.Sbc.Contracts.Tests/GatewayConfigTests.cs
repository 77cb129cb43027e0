using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>What the gateway's rendered script says for its settings, the settings it refuses, and the real <c>kamailio -c</c> on it.</summary>
public sealed class GatewayConfigTests
{
    private static GatewaySettings Gateway(params string[] sbcs) => new()
    {
        ListenAddress = "10.40.3.21",
        Domain = "sip.example.com",
        Sbcs = [.. (sbcs.Length == 0 ? ["10.40.1.50", "10.40.2.50"] : sbcs).Select(address => new SipUpstream(address))],
    };

    [Fact]
    public void Http_and_the_sip_socket_toward_the_sbcs_listen_on_the_instance_address()
    {
        var text = GatewayConfig.Render(Gateway()).Text;

        Assert.Contains("listen=tcp:10.40.3.21:8080\n", text, StringComparison.Ordinal);
        Assert.Contains("listen=udp:10.40.3.21:5060\n", text, StringComparison.Ordinal);
        Assert.Contains("loadmodule \"websocket.so\"", text, StringComparison.Ordinal);
        Assert.Contains("loadmodule \"xhttp.so\"", text, StringComparison.Ordinal);
        Assert.Contains("if ($hu == \"/health\") {", text, StringComparison.Ordinal);
        Assert.Contains("ws_handle_handshake()", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sbcs_are_one_dispatcher_set_of_udp_destinations()
    {
        var config = GatewayConfig.Render(Gateway("10.40.1.50", "10.40.2.50"));

        Assert.Equal("1 sip:10.40.1.50:5060;transport=udp\n1 sip:10.40.2.50:5060;transport=udp\n", config.DispatcherList);
        Assert.Contains("ds_select_dst(\"1\", \"4\")", config.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Browsers_get_a_contact_alias_and_register_in_the_domain_only()
    {
        var text = GatewayConfig.Render(Gateway()).Text;

        Assert.Contains("add_contact_alias()", text, StringComparison.Ordinal);
        Assert.Contains("fix_nated_register()", text, StringComparison.Ordinal);
        Assert.Contains("handle_ruri_alias()", text, StringComparison.Ordinal);
        Assert.Contains("$td != \"sip.example.com\"", text, StringComparison.Ordinal);
        Assert.Contains("if ($rd != \"sip.example.com\") {", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deploy_time_listen_address_is_copied_verbatim()
    {
        var text = GatewayConfig.Render(Gateway() with { ListenAddress = "@ADDRESS@" }, value => value == "@ADDRESS@").Text;

        Assert.Contains("listen=tcp:@ADDRESS@:8080\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_are_refused_each_by_name()
    {
        var settings = Gateway("sbc.example.com") with
        {
            ListenAddress = "10.40.3",
            HttpPort = 5060,
            Domain = "bad domain\"",
            HealthPath = "health\n",
            MaxRegistrationSeconds = 5,
            ControlSocket = "/tmp/ctl",
        };

        var problems = Assert.Throws<KamailioSettingsException>(() => GatewayConfig.Render(settings)).Problems;

        foreach (var name in new[] { "ListenAddress", "HttpPort", "Domain", "Sbcs[0].Host", "HealthPath", "MaxRegistrationSeconds", "ControlSocket" })
        {
            Assert.Contains(problems, problem => problem.StartsWith(name, StringComparison.Ordinal));
        }
        Assert.Equal(7, problems.Count);
    }

    [Fact]
    public void A_probe_interval_the_sbcs_would_forget_the_gateway_in_is_refused()
    {
        var problems = GatewayConfig.Validate(Gateway() with { ProbeIntervalSeconds = GatewayRouting.LivenessSeconds / 2 + 1 });

        Assert.Equal(["ProbeIntervalSeconds 16 is out of range; expected 1 to 15"], problems);
    }

    [Fact]
    public void A_gateway_without_sbcs_is_refused()
    {
        var problems = GatewayConfig.Validate(Gateway() with { Sbcs = [] });

        Assert.Equal(["Sbcs is empty; expected the floating address of at least one SBC pair"], problems);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Kamailio_accepts_the_rendered_gateway_config(int sbcs)
    {
        var settings = Gateway([.. Enumerable.Range(1, sbcs).Select(i => $"10.40.{i}.50")]);

        var (exitCode, output) = await KamailioCheck.RunAsync(settings);

        Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}:\n{output}");
    }
}
