using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>What the rendered script says for each setting, and the settings the renderer refuses.</summary>
public sealed class KamailioConfigTests
{
    [Fact]
    public void The_floating_address_listens_for_udp_and_tcp_and_advertises_the_elastic_ip()
    {
        var text = KamailioConfig.Render(Settings.Node(0) with { AdvertisedAddress = "203.0.113.10" }).Text;

        Assert.Contains("listen=udp:10.40.1.50:5060 advertise 203.0.113.10:5060\n", text, StringComparison.Ordinal);
        Assert.Contains("listen=tcp:10.40.1.50:5060 advertise 203.0.113.10:5060\n", text, StringComparison.Ordinal);
        Assert.Contains("ip_free_bind=1\n", text, StringComparison.Ordinal);
        // Both sides get their own Record-Route when a request crosses from the internet to a private peer.
        Assert.Contains("record_route_preset(\"$var(outbound)$var(out_params);r2=on\", \"$var(inbound)$var(in_params);r2=on\")", text, StringComparison.Ordinal);
        // Each offer names the side of its sender and of its recipient, so media-node advertises the right address to each.
        Assert.Contains("direction=$var(in_if) direction=$var(out_if)", text, StringComparison.Ordinal);
        Assert.Contains("direction=$avp(out_if) direction=$avp(in_if)", text, StringComparison.Ordinal);
        Assert.Contains("set_advertised_address(\"10.40.1.50\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_elastic_ip_there_is_one_plain_record_route()
    {
        var text = KamailioConfig.Render(Settings.Node(0)).Text;

        Assert.Contains("listen=udp:10.40.1.50:5060\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("advertise", text, StringComparison.Ordinal);
        Assert.Contains("record_route();", text, StringComparison.Ordinal);
        Assert.DoesNotContain("direction=", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Each_node_replicates_dialogs_to_its_peer_with_its_own_id_range(int node)
    {
        var text = KamailioConfig.Render(Settings.Node(node) with { PeerAddress = Settings.NodeAddresses[1 - node] }).Text;

        Assert.Contains($"modparam(\"dialog\", \"h_id_start\", {node})", text, StringComparison.Ordinal);
        Assert.Contains("modparam(\"dialog\", \"h_id_step\", 2)", text, StringComparison.Ordinal);
        Assert.Contains("modparam(\"dialog\", \"enable_dmq\", 1)", text, StringComparison.Ordinal);
        Assert.Contains($"listen=udp:{Settings.NodeAddresses[node]}:{SbcPorts.Dmq}\n", text, StringComparison.Ordinal);
        Assert.Contains($"modparam(\"dmq\", \"notification_address\", \"sip:{Settings.NodeAddresses[1 - node]}:{SbcPorts.Dmq}\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_health_answer_asks_media_node_on_loopback_and_exists_only_when_asked_for()
    {
        var text = KamailioConfig.Render(Settings.Node(0) with { MediaNodeHttpPort = 2225 }).Text;
        Assert.Contains("loadmodule \"xhttp.so\"", text, StringComparison.Ordinal);
        Assert.Contains("http_client_query(\"http://127.0.0.1:2225/serving\", \"$var(serving)\");", text, StringComparison.Ordinal);
        Assert.Contains("event_route[xhttp:request]", text, StringComparison.Ordinal);
        Assert.Contains("tcp_accept_no_cl=yes", text, StringComparison.Ordinal);

        var without = KamailioConfig.Render(Settings.Node(0)).Text;
        Assert.DoesNotContain("xhttp", without, StringComparison.Ordinal);
        Assert.DoesNotContain("http_client", without, StringComparison.Ordinal);
        Assert.DoesNotContain("tcp_accept_no_cl", without, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void A_media_node_http_port_out_of_range_is_refused_by_name(int port)
    {
        var problem = Assert.Single(KamailioConfig.Validate(Settings.Node(0) with { MediaNodeHttpPort = port }));
        Assert.Equal($"MediaNodeHttpPort {port} is out of range; expected 1 to 65535", problem);
    }

    [Fact]
    public void A_single_node_loads_no_dmq()
    {
        var text = KamailioConfig.Render(Settings.Node(0)).Text;

        Assert.DoesNotContain("dmq", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reply_route {", text, StringComparison.Ordinal);
        Assert.DoesNotContain("event_route[dialog:end]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_node_answers_replies_whose_transaction_died_with_the_peer_once()
    {
        var text = KamailioConfig.Render(Settings.Node(1) with { PeerAddress = Settings.NodeAddresses[0] }).Text;

        var replyRoute = Block(text, "reply_route {");
        Assert.Contains("!t_check_trans() && is_known_dlg()", replyRoute, StringComparison.Ordinal);
        Assert.Contains($"rtpengine_answer(\"{KamailioConfig.AnswerFlags}\")", replyRoute, StringComparison.Ordinal);
        // A reply that matches its transaction is answered by onreply_route[REPLY] alone.
        Assert.Contains($"rtpengine_answer(\"{KamailioConfig.AnswerFlags}\")", Block(text, "onreply_route[REPLY] {"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_node_ends_an_expired_replicated_dialog_both_ways_with_the_dialogs_own_tags_and_cseqs()
    {
        var text = KamailioConfig.Render(Settings.Node(1) with { PeerAddress = Settings.NodeAddresses[0] }).Text;

        var end = Block(text, "event_route[dialog:end] {");
        // Only expired dialogs for which the dialog module sent no BYE itself (send_bye covers locally created ones).
        Assert.Contains("($dlg(dflags) & 1024) == 1024 && ($dlg(dflags) & 48) == 0", end, StringComparison.Ordinal);
        Assert.Contains("\"From: <\" + $dlg(to_uri) + \">;tag=\" + $dlg(to_tag) + \"\\r\\nTo: <\" + $dlg(from_uri) + \">;tag=\" + $dlg(from_tag)", end, StringComparison.Ordinal);
        Assert.Contains("\"From: <\" + $dlg(from_uri) + \">;tag=\" + $dlg(from_tag) + \"\\r\\nTo: <\" + $dlg(to_uri) + \">;tag=\" + $dlg(to_tag)", end, StringComparison.Ordinal);
        Assert.Equal(2, end.Split("route(TIMEOUT_BYE);").Length - 1);
        Assert.Contains("t_uac_send(\"BYE\"", Block(text, "route[TIMEOUT_BYE] {"), StringComparison.Ordinal);
        // Each BYE passes tm:local-request, which deletes the call's media.
        Assert.Contains("rtpengine_delete();", Block(text, "event_route[tm:local-request] {"), StringComparison.Ordinal);
    }

    [Fact]
    public void Upstreams_become_one_probed_dispatcher_set_in_order_of_preference()
    {
        var config = KamailioConfig.Render(Settings.Node(0) with
        {
            Routing = SipRouting.Through(new SipUpstream("10.40.2.15"), new SipUpstream("pbx.example.com", 5080, SipTransport.Tcp)),
        });

        Assert.Equal(
            "1 sip:10.40.2.15:5060;transport=udp 0 2 socket=udp:10.40.1.11:5060\n1 sip:pbx.example.com:5080;transport=tcp 0 1 socket=tcp:10.40.1.11:5060\n",
            config.DispatcherList);
        Assert.Contains("modparam(\"dispatcher\", \"ds_ping_method\", \"OPTIONS\")", config.Text, StringComparison.Ordinal);
        Assert.Contains("ds_select_dst(\"1\", \"8\")", config.Text, StringComparison.Ordinal);
        Assert.Contains("ds_next_dst()", config.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Probes_leave_from_the_node_address_and_calls_from_the_floating_address()
    {
        var config = KamailioConfig.Render(Settings.Node(0) with
        {
            Routing = SipRouting.Through(new SipUpstream("10.40.2.15"), new SipUpstream("pbx.example.com", 5080, SipTransport.Tcp)),
        });

        Assert.Contains("listen=udp:10.40.1.11:5060\n", config.Text, StringComparison.Ordinal);
        Assert.Contains("listen=tcp:10.40.1.11:5060\n", config.Text, StringComparison.Ordinal);
        Assert.Contains("force_send_socket(udp:10.40.1.50:5060)", config.Text, StringComparison.Ordinal);
        Assert.Contains("force_send_socket(tcp:10.40.1.50:5060)", config.Text, StringComparison.Ordinal);
        Assert.True(
            config.Text.IndexOf("listen=udp:10.40.1.50:5060", StringComparison.Ordinal) < config.Text.IndexOf("listen=udp:10.40.1.11:5060", StringComparison.Ordinal),
            "the floating address stays the first listener, so local requests (timeout BYEs) leave from it");
    }

    [Fact]
    public async Task A_node_whose_own_address_is_the_floating_one_needs_no_probe_socket()
    {
        var settings = Settings.Node(0) with
        {
            NodeAddress = "10.40.1.50",
            Routing = SipRouting.Through(new SipUpstream("10.40.2.15")),
        };
        var config = KamailioConfig.Render(settings);

        Assert.Equal("1 sip:10.40.2.15:5060;transport=udp 0 1\n", config.DispatcherList);
        Assert.DoesNotContain("FLOATING_SOCKET", config.Text, StringComparison.Ordinal);
        var (exitCode, output) = await KamailioCheck.RunAsync(settings);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void A_replicated_node_with_upstreams_refuses_dmq_on_the_sip_port()
    {
        var problems = KamailioConfig.Validate(Settings.Node(0) with
        {
            PeerAddress = Settings.NodeAddresses[1],
            DmqPort = 5060,
            Routing = SipRouting.Through(new SipUpstream("10.40.2.15")),
        });

        var problem = Assert.Single(problems);
        Assert.StartsWith("DmqPort 5060 equals SipPort", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_upstreams_no_dispatcher_is_loaded()
    {
        var config = KamailioConfig.Render(Settings.Node(0));

        Assert.Null(config.DispatcherList);
        Assert.DoesNotContain("dispatcher", config.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Media_node_is_reached_on_loopback_only()
    {
        var text = KamailioConfig.Render(Settings.Node(0) with { NgControlPort = 2300 }).Text;

        Assert.Contains("modparam(\"rtpengine\", \"rtpengine_sock\", \"udp:127.0.0.1:2300\")", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip.example.com\"); exit; #")]
    [InlineData("two words")]
    [InlineData("")]
    public void A_domain_that_could_inject_script_text_is_refused_naming_the_setting(string domain)
    {
        var error = Assert.Throws<KamailioSettingsException>(() => KamailioConfig.Render(Settings.Node(0) with { Domain = domain }));

        Assert.Contains(error.Problems, p => p.StartsWith("Domain", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var problems = KamailioConfig.Validate(Settings.Node(0) with
        {
            FloatingAddress = "10.40.1",
            PeerAddress = Settings.NodeAddresses[0],
            NodeIndex = 2,
            TrustedSourceCidrs = ["10.0.0.0"],
            Routing = SipRouting.Through(new SipUpstream("pbx\nexample", 0)),
            MaxSdpLines = 1,
        });

        foreach (var setting in new[] { "FloatingAddress", "PeerAddress", "NodeIndex", "TrustedSourceCidrs", "Routing.Upstreams[0].Host", "Routing.Upstreams[0].Port", "MaxSdpLines" })
        {
            Assert.Contains(problems, p => p.StartsWith(setting, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Deploy_time_values_are_copied_verbatim_when_the_caller_says_so()
    {
        const string token = "${Token[TOKEN.42]}";
        var settings = Settings.Node(0) with { FloatingAddress = token, AdvertisedAddress = token, Domain = token };

        Assert.NotEmpty(KamailioConfig.Validate(settings));
        var text = KamailioConfig.Render(settings, value => value == token).Text;
        Assert.Contains($"listen=udp:{token}:5060 advertise {token}:5060", text, StringComparison.Ordinal);
    }

    /// <summary>The route starting with <paramref name="header"/>, up to its closing brace at the start of a line.</summary>
    private static string Block(string text, string header)
    {
        var start = text.IndexOf("\n" + header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {header} in the script");
        var end = text.IndexOf("\n}", start + 1, StringComparison.Ordinal);
        return text[start..end];
    }
}
