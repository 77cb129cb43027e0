using System.Net;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The WebRTC gateway's Kamailio (its rendered config) refuses what it must not relay, answering a SIP-over-WebSocket
/// client (RFC 7118, subprotocol <c>sip</c>) the way a browser would be answered: no registering or calling without
/// credentials the operator issued (<see cref="GatewayCredentials"/>) for the very user, and none outside the domain.
/// </summary>
public sealed class WebRtcGatewayPolicyTests : IAsyncLifetime
{
    private static readonly IPAddress GatewayAddress = IPAddress.Parse("127.0.0.14");
    private const string Domain = "sip.example.com";
    private GatewayProxy _gateway = null!;
    private WebSocketSipClient _client = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        // No SBC answers here: these requests must be refused before one is chosen.
        _gateway = await GatewayProxy.StartAsync(GatewayAddress, Domain, new IPEndPoint(IPAddress.Parse("127.0.0.15"), 5060));
        _client = await WebSocketSipClient.ConnectAsync(_gateway.WebSocketUrl);
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_client, _gateway);

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
    public async Task A_registration_without_credentials_is_challenged_401()
    {
        var reply = await RequestAsync("REGISTER", $"sip:{Domain}", $"sip:alice@{Domain}");

        Assert.StartsWith("SIP/2.0 401 ", reply, StringComparison.Ordinal);
        Assert.Contains($"WWW-Authenticate: Digest realm=\"{Domain}\"", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_without_credentials_is_challenged_407_and_not_relayed()
    {
        var reply = await RequestAsync("INVITE", $"sip:bob@{Domain}", $"sip:bob@{Domain}");

        Assert.StartsWith("SIP/2.0 407 ", reply, StringComparison.Ordinal);
        Assert.Contains($"Proxy-Authenticate: Digest realm=\"{Domain}\"", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_with_valid_credentials_is_accepted_with_the_websocket_as_contact()
    {
        var reply = await AuthenticatedAsync("REGISTER", $"sip:{Domain}", $"sip:alice@{Domain}", _gateway.CredentialsFor("alice"));

        Assert.StartsWith("SIP/2.0 200 OK\r\n", reply, StringComparison.Ordinal);
        Assert.Contains("Contact: <sip:alice@client.invalid;transport=ws>;expires=", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_challenged_again()
    {
        var credential = _gateway.CredentialsFor("alice") with { Password = GatewayCredentials.Issue(new string('x', 40), "alice", DateTimeOffset.UtcNow.AddHours(1)).Password };

        var reply = await AuthenticatedAsync("REGISTER", $"sip:{Domain}", $"sip:alice@{Domain}", credential);

        Assert.StartsWith("SIP/2.0 401 ", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_credentials_are_refused_403()
    {
        var expired = GatewayCredentials.Issue(_gateway.CredentialSecret, "alice", DateTimeOffset.UtcNow.AddMinutes(-1));

        var reply = await AuthenticatedAsync("REGISTER", $"sip:{Domain}", $"sip:alice@{Domain}", expired);

        Assert.StartsWith("SIP/2.0 403 Credentials Expired\r\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_as_another_user_is_refused_403()
    {
        var reply = await AuthenticatedAsync("REGISTER", $"sip:{Domain}", $"sip:bob@{Domain}", _gateway.CredentialsFor("alice"));

        Assert.StartsWith("SIP/2.0 403 Credentials Of Another User\r\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calling_as_another_user_is_refused_403()
    {
        var reply = await AuthenticatedAsync("INVITE", $"sip:carol@{Domain}", $"sip:carol@{Domain}", _gateway.CredentialsFor("bob"));

        Assert.StartsWith("SIP/2.0 403 Credentials Of Another User\r\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_with_valid_credentials_is_relayed_toward_an_sbc()
    {
        var reply = await AuthenticatedAsync("INVITE", $"sip:carol@{Domain}", $"sip:carol@{Domain}", _gateway.CredentialsFor("alice"));

        // The transaction's 100 Trying: the gateway took the call and is relaying it (no SBC answers in this test).
        Assert.StartsWith("SIP/2.0 100 ", reply, StringComparison.Ordinal);
    }

    private Task<string> AuthenticatedAsync(string method, string requestUri, string to, GatewayCredential credential)
    {
        var callId = Guid.NewGuid().ToString("N");
        return _client.AuthenticatedRequestAsync(method, requestUri, Domain, credential, (cseq, authorization) => Request(method, requestUri, to, callId, cseq, authorization));
    }

    private Task<string> RequestAsync(string method, string requestUri, string to)
    {
        var callId = Guid.NewGuid().ToString("N");
        return _client.RequestAsync((cseq, authorization) => Request(method, requestUri, to, callId, cseq, authorization));
    }

    private static string Request(string method, string requestUri, string to, string callId, int cseq, string authorization) =>
        $"{method} {requestUri} SIP/2.0\r\n" +
        $"Via: SIP/2.0/WS client.invalid;branch=z9hG4bK{callId}{cseq}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:alice@{Domain}>;tag=t{callId[..8]}\r\n" +
        $"To: <{to}>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        "Contact: <sip:alice@client.invalid;transport=ws>\r\n" +
        authorization +
        "Content-Length: 0\r\n\r\n";
}
