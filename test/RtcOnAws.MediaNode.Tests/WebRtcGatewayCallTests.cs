using System.Net;
using System.Text.RegularExpressions;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// A real browser calls through the WebRTC gateway: headless Chromium loads a page on which SIP.js registers and calls over
/// WebSocket, with credentials issued as the operator's web application would (<c>GatewayCredentials</c>), to the
/// gateway's Kamailio (its rendered <c>GatewayConfig</c>), which forwards to the SBC's Kamailio (its
/// rendered config, with the gateway's address as a WebRTC gateway source) driving media-node, which forwards to a SIPp
/// UAS echoing RTP. media-node bridges the browser's ICE/DTLS-SRTP leg to plain RTP toward the UAS, so the browser's
/// <c>getStats()</c> counts the echoed audio. Every hop is a real process on its own loopback address.
/// </summary>
public sealed partial class WebRtcGatewayCallTests : IAsyncLifetime
{
    private static readonly IPAddress GatewayAddress = IPAddress.Parse("127.0.0.10");
    private static readonly IPAddress UasAddress = IPAddress.Parse("127.0.0.12");
    // The upstream that calls the browser: a trusted source of the SBC.
    private static readonly IPAddress UpstreamAddress = IPAddress.Parse("127.0.0.13");
    // The SIP domain is the UAS's address: the SBC forwards calls in its domain by Request-URI.
    private static readonly string Domain = UasAddress.ToString();
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private MediaNodeDaemon _mediaNode = null!;
    private KamailioProxy _sbc = null!;
    private SippUas _uas = null!;
    private GatewayProxy _gateway = null!;
    private TestPageServer _page = null!;
    private HeadlessChromium _browser = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _mediaNode = await MediaNodeDaemon.StartAsync(mediaPorts: 40);
        _sbc = await KamailioProxy.StartAsync(_mediaNode.Ng, Domain, customize: settings => settings with
        {
            WebRtcGatewayCidrs = [$"{GatewayAddress}/32"],
            TrustedSourceCidrs = [$"{UpstreamAddress}/32"],
        });
        _uas = await SippUas.StartAsync(UasAddress);
        _gateway = await GatewayProxy.StartAsync(GatewayAddress, Domain, _sbc.Sip);
        _page = TestPageServer.Start(Path.Combine("WebRtc", "gateway-call.html"));
        _browser = await HeadlessChromium.StartAsync();
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_browser, _page, _gateway, _uas, _sbc, _mediaNode);

    [Fact]
    public async Task The_health_path_is_answered_by_the_gateways_kamailio()
    {
        using var http = new HttpClient { Timeout = Wait };

        var health = await http.GetAsync(_gateway.HealthUrl);
        var other = await http.GetAsync(new Uri(_gateway.HealthUrl, "/other"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        await _gateway.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(_gateway.HealthUrl));
    }

    [Fact]
    public async Task A_browser_registers_over_websocket_calls_through_gateway_and_sbc_hears_the_uas_echo_and_hanging_up_frees_every_port()
    {
        await _browser.NavigateAsync(_page.Root);
        await WaitUntilAsync(async () => (await _browser.EvaluateAsync("window.gatewayReady === true")).GetBoolean(), "the page's script to load");

        var credential = _gateway.CredentialsFor("alice");
        var register = await _browser.EvaluateAsync($"window.gateway.register('{_gateway.WebSocketUrl}', 'sip:alice@{Domain}', '{credential.Username}', '{credential.Password}')");
        Assert.True(register.GetInt32() == 200, $"REGISTER answered {register}\n{Logs()}");

        var invite = await _browser.EvaluateAsync($"window.gateway.call('sip:echo@{_uas.Sip}')");
        Assert.True(invite.GetInt32() == 200, $"INVITE answered {invite}\n{Logs()}");
        // The INVITE crossed the gateway and the SBC, and media-node turned the browser's offer into plain RTP on one of its ports.
        var offer = InviteReceivedByUas().Match(_uas.Messages);
        Assert.True(offer.Success, $"the UAS received no INVITE\n{Logs()}");
        Assert.Matches(@"\nc=IN IP4 127\.0\.0\.1\r?\n", offer.Value);
        var port = int.Parse(MediaPort().Match(offer.Value).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(port, _mediaNode.PortMin, _mediaNode.PortMax);
        Assert.Matches(@"\nm=audio \d+ RTP/AVP ", offer.Value);
        Assert.DoesNotContain("a=fingerprint", offer.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ice-ufrag", offer.Value, StringComparison.Ordinal);

        // The browser's leg (ICE, DTLS-SRTP) to media-node carries the fake microphone's audio to the UAS, which echoes it.
        await WaitUntilAsync(async () => (await _browser.EvaluateAsync("window.gateway.inboundAudio()")).GetProperty("packetsReceived").GetInt32() > 0,
            "inbound audio packets in the browser's getStats()");
        Assert.Equal(["Establishing", "Established"], (await _browser.EvaluateAsync("window.gateway.states()")).EnumerateArray().Select(state => state.GetString()));

        var ended = await _browser.EvaluateAsync("window.gateway.hangUp()");
        Assert.Equal("Terminated", ended.GetString());
        // The UAS saw the whole call, BYE included, and exits successfully after its one call.
        Assert.True(await _uas.Process.WaitForExitAsync(Wait) && _uas.Process.ExitCode == 0, $"sipp did not complete its call\n{Logs()}");
        await WaitUntilAsync(() => Task.FromResult(FreePorts.AllBindable(_mediaNode.PortMin, _mediaNode.PortMax)), "media-node to free every port of the call");
    }

    [Fact]
    public async Task An_upstream_calls_a_registered_browser_through_sbc_and_gateway_and_the_browser_hears_the_echo()
    {
        await _browser.NavigateAsync(_page.Root);
        await WaitUntilAsync(async () => (await _browser.EvaluateAsync("window.gatewayReady === true")).GetBoolean(), "the page's script to load");
        var credential = _gateway.CredentialsFor("alice");
        var register = await _browser.EvaluateAsync($"window.gateway.register('{_gateway.WebSocketUrl}', 'sip:alice@{Domain}', '{credential.Username}', '{credential.Password}')");
        Assert.True(register.GetInt32() == 200, $"REGISTER answered {register}\n{Logs()}");
        // The SBC sends calls to the gateways it has heard probing it.
        await WaitUntilAsync(SbcKnowsTheGatewayAsync, "the SBC to hear the gateway's probe");

        await using var upstream = SippUac.Start(UpstreamAddress, _sbc.Sip, "alice", Domain);

        // The browser answered with ICE/DTLS-SRTP toward media-node, which relays its audio to the upstream's RTP echo.
        await WaitUntilAsync(async () => (await _browser.EvaluateAsync("window.gateway.inboundAudio()")).GetProperty("packetsReceived").GetInt32() > 0,
            $"inbound audio packets in the called browser's getStats()\n{upstream.Messages}");
        Assert.Contains("Established", (await _browser.EvaluateAsync("window.gateway.states()")).EnumerateArray().Select(state => state.GetString()));
        Assert.Equal("Terminated", (await _browser.EvaluateAsync("window.gateway.hangUp()")).GetString());
        Assert.True(await upstream.Process.WaitForExitAsync(Wait) && upstream.Process.ExitCode == 0, $"sipp did not complete its call\n{upstream.Process.Output}\n{upstream.Messages}\n{Logs()}");
        await WaitUntilAsync(() => Task.FromResult(FreePorts.AllBindable(_mediaNode.PortMin, _mediaNode.PortMax)), "media-node to free every port of the call");
    }

    // kamcmd over the SBC's control socket: the htable of the gateways heard lately (GatewayRouting).
    private async Task<bool> SbcKnowsTheGatewayAsync()
    {
        using var kamcmd = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kamcmd", ["-s", _sbc.ControlSocket, "htable.dump", "gateways"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = kamcmd.StandardOutput.ReadToEndAsync();
        var errors = kamcmd.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Wait);
        await kamcmd.WaitForExitAsync(timeout.Token);
        await errors;
        return (await output).Contains(GatewayAddress.ToString(), StringComparison.Ordinal);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{Logs()}");
            await Task.Delay(50);
        }
    }

    private string Logs() =>
        $"--- page console\n{_browser.Console}\n--- gateway\n{_gateway.Process.Output}\n--- sbc\n{_sbc.Process.Output}\n--- media-node\n{_mediaNode.Process.Output}\n--- sipp\n{_uas.Process.Output}\n{_uas.Messages}";

    // SIPp's -trace_msg log: one block per message, each after a line of dashes.
    [GeneratedRegex(@"message received \[\d+\] bytes :\s*\nINVITE sip:echo@(?:[^-]|-(?!-{9}))*")]
    private static partial Regex InviteReceivedByUas();

    [GeneratedRegex(@"\nm=audio (?<port>\d+) ")]
    private static partial Regex MediaPort();
}
