using System.Net;
using System.Net.WebSockets;
using System.Text;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The WebRTC gateway's Kamailio (its rendered config) refuses what it must not relay, answering a SIP-over-WebSocket
/// client (RFC 7118, subprotocol <c>sip</c>) the way a browser would be answered.
/// </summary>
public sealed class WebRtcGatewayPolicyTests : IAsyncLifetime
{
    private static readonly IPAddress GatewayAddress = IPAddress.Parse("127.0.0.14");
    private const string Domain = "sip.example.com";
    private GatewayProxy _gateway = null!;
    private readonly ClientWebSocket _socket = new();

    public async Task InitializeAsync()
    {
        // No SBC answers here: these requests must be refused before one is chosen.
        _gateway = await GatewayProxy.StartAsync(GatewayAddress, Domain, new IPEndPoint(IPAddress.Parse("127.0.0.15"), 5060));
        _socket.Options.AddSubProtocol("sip");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.ConnectAsync(_gateway.WebSocketUrl, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        _socket.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_call_to_a_foreign_domain_is_refused_403()
    {
        var reply = await RequestAsync("INVITE", "sip:victim@198.51.100.7", "sip:victim@198.51.100.7");

        Assert.StartsWith("SIP/2.0 403 Relaying Forbidden\r\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_in_a_foreign_domain_is_refused_403()
    {
        var reply = await RequestAsync("REGISTER", "sip:other.example.net", "sip:alice@other.example.net");

        Assert.StartsWith("SIP/2.0 403 Forbidden\r\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_in_the_domain_is_accepted_with_the_websocket_as_contact()
    {
        var reply = await RequestAsync("REGISTER", $"sip:{Domain}", $"sip:alice@{Domain}");

        Assert.StartsWith("SIP/2.0 200 OK\r\n", reply, StringComparison.Ordinal);
        Assert.Contains("Contact: <sip:alice@client.invalid;transport=ws>;expires=", reply, StringComparison.Ordinal);
    }

    private async Task<string> RequestAsync(string method, string requestUri, string to)
    {
        var callId = Guid.NewGuid().ToString("N");
        var request =
            $"{method} {requestUri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/WS client.invalid;branch=z9hG4bK{callId}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:alice@{Domain}>;tag=t{callId[..8]}\r\n" +
            $"To: <{to}>\r\n" +
            $"Call-ID: {callId}\r\n" +
            $"CSeq: 1 {method}\r\n" +
            "Contact: <sip:alice@client.invalid;transport=ws>\r\n" +
            "Content-Length: 0\r\n\r\n";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
