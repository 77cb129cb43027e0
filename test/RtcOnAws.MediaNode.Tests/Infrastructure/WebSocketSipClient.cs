using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// A SIP-over-WebSocket client (RFC 7118, subprotocol <c>sip</c>) speaking to the gateway as a browser would, including
/// the digest answer (RFC 2617, MD5, qop=auth) to the gateway's challenge with issued credentials.
/// </summary>
internal sealed partial class WebSocketSipClient : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();

    private WebSocketSipClient()
    {
        _socket.Options.AddSubProtocol("sip");
    }

    public static async Task<WebSocketSipClient> ConnectAsync(Uri url)
    {
        var client = new WebSocketSipClient();
        using var timeout = new CancellationTokenSource(Wait);
        await client._socket.ConnectAsync(url, timeout.Token);
        return client;
    }

    /// <summary>Sends a request built by <paramref name="request"/> (given the CSeq and the authorization header line, empty at first) and returns the reply.</summary>
    public async Task<string> RequestAsync(Func<int, string, string> request)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await SendAsync(request(1, ""), timeout.Token);
        return await ReceiveAsync(timeout.Token);
    }

    /// <summary>Sends the request, answers the challenge in its reply with <paramref name="credential"/>, and returns the final reply.</summary>
    public async Task<string> AuthenticatedRequestAsync(string method, string requestUri, string realm, GatewayCredential credential, Func<int, string, string> request)
    {
        var challenge = await RequestAsync(request);
        var nonce = Nonce().Match(challenge);
        if (!nonce.Success)
        {
            throw new InvalidOperationException($"the gateway did not challenge:\n{challenge}");
        }
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var ha1 = Md5($"{credential.Username}:{realm}:{credential.Password}");
        var ha2 = Md5($"{method}:{requestUri}");
        var response = Md5($"{ha1}:{nonce.Groups["nonce"].Value}:00000001:{cnonce}:auth:{ha2}");
        var header = method == "REGISTER" ? "Authorization" : "Proxy-Authorization";
        var authorization = $"{header}: Digest username=\"{credential.Username}\", realm=\"{realm}\", nonce=\"{nonce.Groups["nonce"].Value}\", " +
            $"uri=\"{requestUri}\", response=\"{response}\", algorithm=MD5, cnonce=\"{cnonce}\", nc=00000001, qop=auth\r\n";
        using var timeout = new CancellationTokenSource(Wait);
        await SendAsync(request(2, authorization), timeout.Token);
        return await ReceiveAsync(timeout.Token);
    }

    /// <summary>The next whole message from the gateway. Cancelling it aborts the WebSocket (ClientWebSocket's rule).</summary>
    public async Task<string> ReceiveAsync(CancellationToken cancellation)
    {
        var buffer = new byte[16384];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer, cancellation);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    public void Dispose() => _socket.Dispose();

    private Task SendAsync(string message, CancellationToken cancellation) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, cancellation);

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("nonce=\"(?<nonce>[^\"]+)\"")]
    private static partial Regex Nonce();
}
