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

    /// <summary>Sends raw bytes and returns the raw reply, or null if none arrives within <paramref name="timeout"/>.</summary>
    public async Task<byte[]?> ExchangeAsync(byte[] datagram, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await _client.SendAsync(datagram, _server);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                return (await _client.ReceiveAsync(wait.Token)).Buffer;
            }
            catch (OperationCanceledException)
            {
                // Retransmit, as Kamailio does.
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
