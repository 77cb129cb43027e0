using System.Net;
using System.Net.Sockets;
using System.Text;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// A call from an upstream to a browser (<see cref="GatewayRouting"/>): the SBC's Kamailio (rendered config) learns the
/// gateway from its OPTIONS probes and sends an upstream's INVITE into the domain to it; the gateway's Kamailio finds the
/// browser's registration and relays the INVITE over the browser's WebSocket. A user registered nowhere gets 404 back.
/// The browser is a SIP-over-WebSocket client that registered with issued credentials.
/// </summary>
public sealed class WebRtcGatewayInboundCallTests : IAsyncLifetime
{
    private static readonly IPAddress GatewayAddress = IPAddress.Parse("127.0.0.18");
    private static readonly IPAddress UpstreamAddress = IPAddress.Parse("127.0.0.19");
    private const string Domain = "sip.example.com";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private MediaNodeDaemon _mediaNode = null!;
    private KamailioProxy _sbc = null!;
    private GatewayProxy _gateway = null!;
    private WebSocketSipClient _browser = null!;
    private readonly UdpClient _upstream = new(new IPEndPoint(UpstreamAddress, 0));

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _mediaNode = await MediaNodeDaemon.StartAsync(mediaPorts: 10);
        _sbc = await KamailioProxy.StartAsync(_mediaNode.Ng, Domain, customize: settings => settings with
        {
            WebRtcGatewayCidrs = [$"{GatewayAddress}/32"],
            TrustedSourceCidrs = [$"{UpstreamAddress}/32"],
        });
        _gateway = await GatewayProxy.StartAsync(GatewayAddress, Domain, _sbc.Sip);
        _browser = await WebSocketSipClient.ConnectAsync(_gateway.WebSocketUrl);
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_browser, _upstream, _gateway, _sbc, _mediaNode);

    [Fact]
    public async Task An_upstreams_call_to_a_registered_browser_reaches_its_websocket_and_one_to_nobody_gets_404()
    {
        var registration = Guid.NewGuid().ToString("N");
        var registered = await _browser.AuthenticatedRequestAsync("REGISTER", $"sip:{Domain}", Domain, _gateway.CredentialsFor("alice"),
            (cseq, authorization) => Register("alice", registration, cseq, authorization));
        Assert.StartsWith("SIP/2.0 200 ", registered, StringComparison.Ordinal);

        // The SBC knows the gateway once the gateway's first probe arrived: until then it answers 480 and the upstream retries.
        // One receive stays pending on the WebSocket throughout (cancelling it would abort the WebSocket).
        using var timeout = new CancellationTokenSource(Wait);
        var invite = _browser.ReceiveAsync(timeout.Token);
        for (var attempt = 1; ; attempt++)
        {
            Assert.False(timeout.IsCancellationRequested, $"no INVITE reached the browser\n{Logs()}");
            var callId = $"to-alice-{attempt}";
            await SendFromUpstreamAsync("alice", callId);
            var final = UpstreamFinalReplyAsync(callId, timeout.Token);
            if (await Task.WhenAny(invite, final) == invite)
            {
                break;
            }
            Assert.StartsWith("SIP/2.0 480 ", await final, StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        }

        Assert.StartsWith("INVITE sip:alice@client.invalid;transport=ws SIP/2.0\r\n", await invite, StringComparison.Ordinal);
        Assert.Contains($"From: <sip:carrier@{UpstreamAddress}>", await invite, StringComparison.Ordinal);

        await SendFromUpstreamAsync("nobody", "to-nobody");
        Assert.StartsWith("SIP/2.0 404 ", await UpstreamFinalReplyAsync("to-nobody", CancellationToken.None), StringComparison.Ordinal);
    }

    private async Task SendFromUpstreamAsync(string user, string callId)
    {
        var port = ((IPEndPoint)_upstream.Client.LocalEndPoint!).Port;
        // No SDP (a late offer): this test is about where the INVITE goes, not its media.
        var request = Encoding.ASCII.GetBytes(
            $"INVITE sip:{user}@{Domain} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {UpstreamAddress}:{port};branch=z9hG4bK-{callId};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:carrier@{UpstreamAddress}>;tag=u{callId}\r\n" +
            $"To: <sip:{user}@{Domain}>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 INVITE\r\n" +
            $"Contact: <sip:carrier@{UpstreamAddress}:{port}>\r\n" +
            "Content-Length: 0\r\n\r\n");
        await _upstream.SendAsync(request, _sbc.Sip);
    }

    // The upstream's first final reply in the call (its 100 Trying and those of other calls are skipped).
    private async Task<string> UpstreamFinalReplyAsync(string callId, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(Wait);
        while (true)
        {
            var reply = Encoding.ASCII.GetString((await _upstream.ReceiveAsync(timeout.Token)).Buffer);
            if (!reply.StartsWith("SIP/2.0 1", StringComparison.Ordinal) && reply.Contains($"\r\nCall-ID: {callId}\r\n", StringComparison.Ordinal))
            {
                return reply;
            }
        }
    }

    private static string Register(string user, string callId, int cseq, string authorization) =>
        $"REGISTER sip:{Domain} SIP/2.0\r\n" +
        $"Via: SIP/2.0/WS client.invalid;branch=z9hG4bK{callId}{cseq}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{user}@{Domain}>;tag=r{callId[..8]}\r\n" +
        $"To: <sip:{user}@{Domain}>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} REGISTER\r\n" +
        $"Contact: <sip:{user}@client.invalid;transport=ws>\r\n" +
        "Expires: 300\r\n" +
        authorization +
        "Content-Length: 0\r\n\r\n";

    private string Logs() => $"--- gateway\n{_gateway.Process.Output}\n--- sbc\n{_sbc.Process.Output}";
}
