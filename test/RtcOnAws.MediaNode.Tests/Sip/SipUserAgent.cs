using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RtcOnAws.MediaNode.Tests.Sip;

/// <summary>
/// A tiny SIP user agent over UDP on loopback, enough for one call through a record-routing proxy: INVITE/ACK/BYE as
/// caller; 180/200 and BYE 200 as callee. It also owns an RTP socket whose address goes into its SDP.
/// </summary>
internal sealed partial class SipUserAgent : IDisposable
{
    private readonly UdpClient _sip;
    private int _branch;

    /// <param name="user">The user part of its URIs.</param>
    /// <param name="sipAddress">Loopback address of its SIP socket (default 127.0.0.1): distinct addresses tell callers from upstreams.</param>
    public SipUserAgent(string user, IPAddress? sipAddress = null)
    {
        _sip = new UdpClient(new IPEndPoint(sipAddress ?? IPAddress.Loopback, 0));
        User = user;
        Tag = user + "-" + Guid.NewGuid().ToString("N")[..8];
    }

    public string User { get; }

    public string Tag { get; }

    public UdpClient Rtp { get; } = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint SipEndPoint => (IPEndPoint)_sip.Client.LocalEndPoint!;

    public IPEndPoint RtpEndPoint => (IPEndPoint)Rtp.Client.LocalEndPoint!;

    public string ContactUri => $"sip:{User}@{SipEndPoint}";

    public string Sdp(int sessionVersion = 1) =>
        "v=0\r\n"
        + $"o={User} 1000 {sessionVersion} IN IP4 127.0.0.1\r\n"
        + "s=call\r\n"
        + "c=IN IP4 127.0.0.1\r\n"
        + "t=0 0\r\n"
        + $"m=audio {RtpEndPoint.Port} RTP/AVP 0 101\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n"
        + "a=sendrecv\r\n";

    public SipMessage Request(string method, string requestUri, string callId, int cseq, string from, string to, IEnumerable<string> routes, string body = "")
    {
        var headers = new List<(string, string)>
        {
            ("Via", $"SIP/2.0/UDP {SipEndPoint};branch=z9hG4bK{Tag}{Interlocked.Increment(ref _branch)};rport"),
            ("Max-Forwards", "70"),
        };
        headers.AddRange(routes.Select(r => ("Route", r)));
        headers.Add(("From", from));
        headers.Add(("To", to));
        headers.Add(("Call-ID", callId));
        headers.Add(("CSeq", $"{cseq} {method}"));
        headers.Add(("Contact", $"<{ContactUri}>"));
        if (body.Length > 0)
        {
            headers.Add(("Content-Type", "application/sdp"));
        }

        return new SipMessage($"{method} {requestUri} SIP/2.0", headers, body);
    }

    /// <summary>A response to <paramref name="request"/> that copies Via, Record-Route, From, To (+ our tag), Call-ID, CSeq.</summary>
    public SipMessage Response(SipMessage request, int code, string reason, string body = "")
    {
        var headers = new List<(string, string)>();
        headers.AddRange(request.All("Via").Select(v => ("Via", v)));
        headers.AddRange(request.All("Record-Route").Select(r => ("Record-Route", r)));
        headers.Add(("From", request.Header("From")!));
        var to = request.Header("To")!;
        headers.Add(("To", to.Contains(";tag=", StringComparison.Ordinal) ? to : $"{to};tag={Tag}"));
        headers.Add(("Call-ID", request.Header("Call-ID")!));
        headers.Add(("CSeq", request.Header("CSeq")!));
        headers.Add(("Contact", $"<{ContactUri}>"));
        if (body.Length > 0)
        {
            headers.Add(("Content-Type", "application/sdp"));
        }

        return new SipMessage($"SIP/2.0 {code} {reason}", headers, body);
    }

    public Task SendAsync(SipMessage message, IPEndPoint to) => _sip.SendAsync(message.ToBytes(), to).AsTask();

    /// <summary>Sends raw bytes from the SIP socket (malformed or hostile input).</summary>
    public Task SendRawAsync(byte[] datagram, IPEndPoint to) => _sip.SendAsync(datagram, to).AsTask();

    /// <summary>Receives the next SIP message matching <paramref name="accept"/> (others, e.g. 100 Trying, are skipped).</summary>
    public async Task<(SipMessage Message, IPEndPoint From)> ReceiveAsync(Func<SipMessage, bool> accept, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            UdpReceiveResult received;
            try
            {
                received = await _sip.ReceiveAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{User}: no matching SIP message within {timeout}");
            }

            var message = SipMessage.Parse(received.Buffer);
            if (accept(message))
            {
                return (message, received.RemoteEndPoint);
            }
        }
    }

    /// <summary>The c= address and m=audio port of an SDP body.</summary>
    public static IPEndPoint MediaEndPoint(string sdp)
    {
        var address = ConnectionLine().Match(sdp).Groups[1].Value;
        var port = AudioLine().Match(sdp).Groups[1].Value;
        return new IPEndPoint(IPAddress.Parse(address), int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The URI inside a name-addr like <c>&lt;sip:bob@127.0.0.1:5060&gt;</c>.</summary>
    public static string Uri(string nameAddress) => UriInBrackets().Match(nameAddress).Groups[1].Value;

    public void Dispose()
    {
        _sip.Dispose();
        Rtp.Dispose();
    }

    [GeneratedRegex(@"c=IN IP4 ([0-9.]+)")]
    private static partial Regex ConnectionLine();

    [GeneratedRegex(@"m=audio (\d+) ")]
    private static partial Regex AudioLine();

    [GeneratedRegex("<([^>]+)>")]
    private static partial Regex UriInBrackets();
}
