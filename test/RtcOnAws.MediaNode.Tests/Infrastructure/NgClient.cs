using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>A minimal ng client over UDP (bencode), with retries like Kamailio's.</summary>
internal sealed class NgClient : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _server;
    private int _cookie;

    public NgClient(IPEndPoint server) => _server = server;

    /// <summary>Sends <paramref name="request"/> with a fresh cookie and returns the reply dictionary.</summary>
    public Task<BencodeValue> RequestAsync(BencodeValue request) =>
        RequestAsync($"t{Environment.ProcessId}_{Interlocked.Increment(ref _cookie)}", request);

    /// <summary>
    /// Pings until the server answers or its process exits. Start-up time is not what the tests measure: on two cores kept
    /// busy by other work a cold daemon start took over 15 s, so the wait is bounded generously and ends at once if the
    /// process dies.
    /// </summary>
    public async Task<BencodeValue> PingUntilStartedAsync(ChildProcess server)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                return await RequestAsync(Dict(("command", "ping")));
            }
            catch (TimeoutException) when (!server.HasExited && DateTime.UtcNow < limit)
            {
                // Still starting: ask again.
            }
        }
    }

    /// <summary>Sends with a given cookie (to test retransmits), retrying until a reply arrives or 10 s pass.</summary>
    public async Task<BencodeValue> RequestAsync(string cookie, BencodeValue request)
    {
        var datagram = Encoding.ASCII.GetBytes(cookie + " ").Concat(BencodeWriter.ToArray(request)).ToArray();
        var reply = await ExchangeAsync(datagram, TimeSpan.FromSeconds(10));
        var text = reply ?? throw new TimeoutException($"no ng reply to {request}");
        var prefix = Encoding.ASCII.GetBytes(cookie + " ");
        if (!text.AsSpan().StartsWith(prefix))
        {
            throw new InvalidDataException($"reply does not start with cookie '{cookie}': {Encoding.Latin1.GetString(text)}");
        }

        if (!BencodeReader.TryParse(text.AsMemory(prefix.Length), BencodeLimits.Default, out var value, out var error))
        {
            throw new InvalidDataException($"reply is not bencode: {error}");
        }

        return value!;
    }

    /// <summary>Sends a datagram without waiting for a reply (for datagrams the node must drop).</summary>
    public Task SendAsync(byte[] datagram) => _client.SendAsync(datagram, _server).AsTask();

    /// <summary>
    /// Sends raw bytes, retransmitting every second like Kamailio, and returns the first reply carrying the same cookie
    /// (late replies to earlier requests are skipped), or null if none arrives within <paramref name="timeout"/>.
    /// </summary>
    public async Task<byte[]?> ExchangeAsync(byte[] datagram, TimeSpan timeout)
    {
        var space = Array.IndexOf(datagram, (byte)' ');
        var cookie = space > 0 ? datagram.AsMemory(0, space + 1) : ReadOnlyMemory<byte>.Empty;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await _client.SendAsync(datagram, _server);
            var retransmitAt = DateTime.UtcNow + TimeSpan.FromSeconds(1);
            while (DateTime.UtcNow < retransmitAt && DateTime.UtcNow < deadline)
            {
                using var wait = new CancellationTokenSource(retransmitAt - DateTime.UtcNow);
                try
                {
                    var reply = (await _client.ReceiveAsync(wait.Token)).Buffer;
                    if (reply.AsSpan().StartsWith(cookie.Span))
                    {
                        return reply;
                    }
                }
                catch (OperationCanceledException)
                {
                    // Retransmit, as Kamailio does.
                }
            }
        }

        return null;
    }

    public static BencodeValue Dict(params (string Key, object Value)[] entries)
    {
        var builder = new BencodeDictionaryBuilder();
        foreach (var (key, value) in entries)
        {
            builder.Add(key, value switch
            {
                string text => BencodeValue.FromString(text),
                long number => BencodeValue.FromInteger(number),
                int number => BencodeValue.FromInteger(number),
                string[] list => BencodeValue.FromList(list.Select(BencodeValue.FromString).ToArray()),
                BencodeValue raw => raw,
                _ => throw new ArgumentException($"unsupported value {value}"),
            });
        }

        return builder.Build();
    }

    public void Dispose() => _client.Dispose();
}
