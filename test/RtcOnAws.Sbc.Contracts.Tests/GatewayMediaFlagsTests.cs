using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>The SBC's rtpengine flags for calls through WebRTC gateways: chosen by the side the browser is on, checked by the real <c>kamailio -c</c>.</summary>
public sealed class GatewayMediaFlagsTests
{
    private static KamailioSettings WithGateways() => Settings.Node(0) with { WebRtcGatewayCidrs = ["10.40.3.0/24", "10.40.4.0/24"] };

    [Fact]
    public void Requests_from_or_to_a_gateway_subnet_set_the_browser_side_flags()
    {
        var text = KamailioConfig.Render(WithGateways()).Text;

        Assert.Contains("if (is_in_subnet(\"$si\", \"10.40.3.0/24\")) {\n        setflag(3);", text, StringComparison.Ordinal);
        Assert.Contains("if (is_in_subnet(\"$var(next)\", \"10.40.4.0/24\")) {\n        setflag(4);", text, StringComparison.Ordinal);
        Assert.Contains($"$var(offer_flags) = \"{GatewayMediaFlags.OfferToPlainSip}\";", text, StringComparison.Ordinal);
        Assert.Contains($"$var(answer_flags) = \"{GatewayMediaFlags.AnswerToBrowser}\";", text, StringComparison.Ordinal);
        Assert.Contains("route(GATEWAY_SIDE);\n    route(MEDIA_FLAGS);\n    if ($(rb{line.count})", text, StringComparison.Ordinal);
        Assert.Contains("rtpengine_offer(\"$var(offer_flags)\")", text, StringComparison.Ordinal);
        Assert.Contains("rtpengine_answer(\"$var(answer_flags)\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_an_elastic_ip_a_browsers_media_is_on_the_external_interface_though_its_gateway_signals_privately()
    {
        var text = KamailioConfig.Render(WithGateways() with { PeerAddress = Settings.NodeAddresses[1], AdvertisedAddress = "203.0.113.10" }).Text;

        Assert.Contains($"if (isflagset(3)) {{\n        $var(in_if) = \"{MediaNodeInterfaces.External}\";", text, StringComparison.Ordinal);
        Assert.Contains($"if (isflagset(4)) {{\n        $var(out_if) = \"{MediaNodeInterfaces.External}\";", text, StringComparison.Ordinal);
        Assert.Contains("route(GATEWAY_SIDE);\n    route(MEDIA_FLAGS);\n    route(SIDES);\n    if ($(rb{line.count})", text, StringComparison.Ordinal);
        Assert.Contains("rtpengine_offer(\"$var(offer_flags) direction=$var(in_if) direction=$var(out_if)\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_browser_side_is_ice_dtls_srtp_with_rtcp_mux_and_the_other_side_plain_rtp()
    {
        Assert.Contains("transport-protocol=UDP/TLS/RTP/SAVPF ICE=force DTLS=passive rtcp-mux-offer", GatewayMediaFlags.OfferToBrowser, StringComparison.Ordinal);
        Assert.Contains("transport-protocol=UDP/TLS/RTP/SAVPF ICE=force DTLS=passive rtcp-mux-require", GatewayMediaFlags.AnswerToBrowser, StringComparison.Ordinal);
        Assert.Contains("transport-protocol=RTP/AVP ICE=remove rtcp-mux-demux", GatewayMediaFlags.OfferToPlainSip, StringComparison.Ordinal);
        Assert.Contains("transport-protocol=RTP/AVP ICE=remove rtcp-mux-demux", GatewayMediaFlags.AnswerToPlainSip, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_gateways_the_script_keeps_its_constant_flags()
    {
        var text = KamailioConfig.Render(Settings.Node(0)).Text;

        Assert.DoesNotContain("MEDIA_FLAGS", text, StringComparison.Ordinal);
        Assert.Contains($"rtpengine_offer(\"{KamailioConfig.OfferFlags}\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gateway_cidr_that_is_not_one_is_refused_by_name()
    {
        var problems = KamailioConfig.Validate(Settings.Node(0) with { WebRtcGatewayCidrs = ["10.40.3.0/24\")"] });

        Assert.Equal(["WebRtcGatewayCidrs '10.40.3.0/24\")' is not an IPv4 CIDR such as 10.0.3.0/24"], problems);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Kamailio_accepts_the_sbc_config_with_gateways(bool peer, bool upstream)
    {
        var settings = WithGateways() with
        {
            PeerAddress = peer ? Settings.NodeAddresses[1] : null,
            AdvertisedAddress = peer ? "203.0.113.10" : null,
            Routing = upstream ? SipRouting.Through(new SipUpstream("10.40.2.15")) : SipRouting.ByRequestUri,
        };

        var (exitCode, output) = await KamailioCheck.RunAsync(settings);

        Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}:\n{output}");
    }
}
