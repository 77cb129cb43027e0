using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// A minimal rtpengine "ng" client (cookie + bencode dictionary over UDP) for setting up benchmark calls with
/// offer/answer, the way Kamailio's rtpengine module does. Retries a lost request with the same cookie.
/// </summary>
internal sealed partial class NgClient(IPEndPoint server, IPAddress callerAddress, IPAddress calleeAddress) : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.IsLoopback(server.Address) ? IPAddress.Loopback : IPAddress.Any, 0));
    private int _cookie;

    /// <summary>Sends a command and returns the reply dictionary's string values (nested values are skipped).</summary>
    public async Task<Dictionary<string, string>> RequestAsync(IReadOnlyList<KeyValuePair<string, string>> message, CancellationToken cancellationToken)
    {
        string cookie = $"b{Interlocked.Increment(ref _cookie)}_{Environment.ProcessId}";
        var body = new StringBuilder("d");
        foreach (var (key, value) in message)
        {
            body.Append(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetByteCount(key)}:{key}{Encoding.UTF8.GetByteCount(value)}:{value}");
        }

        body.Append('e');
        byte[] datagram = Encoding.UTF8.GetBytes($"{cookie} {body}");
        for (int attempt = 0; attempt < 5; attempt++)
        {
            await _udp.SendAsync(datagram, server, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                while (true)
                {
                    var reply = await _udp.ReceiveAsync(timeout.Token);
                    string text = Encoding.UTF8.GetString(reply.Buffer);
                    if (text.StartsWith(cookie + " ", StringComparison.Ordinal))
                    {
                        return ParseStrings(Encoding.UTF8.GetBytes(text[(cookie.Length + 1)..]));
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }

        throw new TimeoutException($"No ng reply from {server} after 5 attempts.");
    }

    /// <summary>
    /// Offer (caller side) then answer (callee side); returns the relay ports each side must send to. With
    /// <paramref name="srtpSuite"/> the callee's leg is SDES-SRTP (<c>transport-protocol: RTP/SAVP</c>): the callee
    /// accepts the relay's line of that suite with a random key of its own, so the relay protects what it sends there.
    /// </summary>
    public async Task<(int RelayPortForCaller, int RelayPortForCallee)> SetUpCallAsync(int call, int callerPort, int calleePort, string? srtpSuite, CancellationToken cancellationToken)
    {
        string callId = $"bench-{call}";
        List<KeyValuePair<string, string>> offerRequest =
            [new("command", "offer"), new("call-id", callId), new("from-tag", $"caller-{call}"), new("sdp", Sdp(callerAddress, callerPort, null))];
        if (srtpSuite is not null)
        {
            offerRequest.Add(new("transport-protocol", "RTP/SAVP"));
        }

        var offer = await RequestAsync(offerRequest, cancellationToken);
        string? crypto = srtpSuite is null ? null : AnswerCrypto(offer, srtpSuite);
        var answer = await RequestAsync(
            [new("command", "answer"), new("call-id", callId), new("from-tag", $"caller-{call}"), new("to-tag", $"callee-{call}"), new("sdp", Sdp(calleeAddress, calleePort, crypto))],
            cancellationToken);
        return (AudioPort(answer, "answer"), AudioPort(offer, "offer"));
    }

    public void Dispose() => _udp.Dispose();

    private static string Sdp(IPAddress address, int port, string? crypto) => crypto is null
        ? $"v=0\r\no=- {port} 1 IN IP4 {address}\r\ns=bench\r\nc=IN IP4 {address}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"
        : $"v=0\r\no=- {port} 1 IN IP4 {address}\r\ns=bench\r\nc=IN IP4 {address}\r\nt=0 0\r\nm=audio {port} RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\na=crypto:{crypto}\r\n";

    /// <summary>The callee's answer line accepting the offered line of <paramref name="suite"/>: same tag, a fresh key.</summary>
    private static string AnswerCrypto(Dictionary<string, string> offer, string suite)
    {
        var sdp = offer.GetValueOrDefault("sdp") ?? throw new InvalidOperationException($"offer failed: {string.Join(", ", offer.Select(pair => $"{pair.Key}={pair.Value}"))}");
        var line = Regex.Match(sdp, $@"a=crypto:(\d+) {Regex.Escape(suite)} inline:");
        if (!line.Success)
        {
            throw new InvalidOperationException($"the offer has no {suite} line:\n{sdp}");
        }

        int keyLength = suite.StartsWith("AEAD_", StringComparison.Ordinal) ? 28 : 30;
        return $"{line.Groups[1].Value} {suite} inline:{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(keyLength))}";
    }

    private static int AudioPort(Dictionary<string, string> reply, string command)
    {
        if (!reply.TryGetValue("result", out var result) || result != "ok" || !reply.TryGetValue("sdp", out var sdp))
        {
            throw new InvalidOperationException($"{command} failed: {string.Join(", ", reply.Select(pair => $"{pair.Key}={pair.Value}"))}");
        }

        return int.Parse(AudioLine().Match(sdp).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> ParseStrings(byte[] bencode)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int position = 1;
        while (position < bencode.Length && bencode[position] != (byte)'e')
        {
            string key = Encoding.UTF8.GetString(ReadString(bencode, ref position));
            if (char.IsAsciiDigit((char)bencode[position]))
            {
                result[key] = Encoding.UTF8.GetString(ReadString(bencode, ref position));
            }
            else
            {
                Skip(bencode, ref position);
            }
        }

        return result;
    }

    private static byte[] ReadString(byte[] data, ref int position)
    {
        int colon = Array.IndexOf(data, (byte)':', position);
        int length = int.Parse(Encoding.ASCII.GetString(data, position, colon - position), CultureInfo.InvariantCulture);
        position = colon + 1 + length;
        return data[(colon + 1)..position];
    }

    private static void Skip(byte[] data, ref int position)
    {
        switch ((char)data[position])
        {
            case 'i':
                position = Array.IndexOf(data, (byte)'e', position) + 1;
                break;
            case 'l':
            case 'd':
                position++;
                while (data[position] != (byte)'e')
                {
                    Skip(data, ref position);
                }

                position++;
                break;
            default:
                ReadString(data, ref position);
                break;
        }
    }

    [GeneratedRegex(@"m=audio (\d+) ")]
    private static partial Regex AudioLine();
}
