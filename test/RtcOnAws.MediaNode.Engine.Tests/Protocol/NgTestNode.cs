using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Hosting;

namespace RtcOnAws.MediaNode.Engine.Tests.Protocol;

/// <summary>A whole engine on loopback whose ng path the tests drive in-process through <c>NgServer.Handle</c>.</summary>
internal sealed class NgTestNode : IAsyncDisposable
{
    private int _cookie;

    private NgTestNode(MediaNodeEngine engine) => Engine = engine;

    public MediaNodeEngine Engine { get; }

    public static async Task<NgTestNode> CreateAsync(int pairs = 8)
    {
        var (min, max) = FreePorts.MediaRange(pairs * 2);
        var engine = await MediaNodeEngine.CreateAsync(
            new MediaNodeSettings
            {
                BindAddress = IPAddress.Loopback,
                NgListen = new IPEndPoint(IPAddress.Loopback, 0),
                PortMin = min,
                PortMax = max,
                RelayLoops = 1,
                InterfaceName = "pub",
            },
            NullLoggerFactory.Instance);
        return new NgTestNode(engine);
    }

    /// <summary>Sends a request with a fresh cookie and returns the parsed reply.</summary>
    public BencodeValue Request(params (string Key, object Value)[] entries) => Request($"c{Interlocked.Increment(ref _cookie)}", entries);

    public BencodeValue Request(string cookie, params (string Key, object Value)[] entries)
    {
        var datagram = Encoding.ASCII.GetBytes(cookie + " ").Concat(BencodeWriter.ToArray(Dict(entries))).ToArray();
        var reply = Engine.Ng.Handle(datagram, new IPEndPoint(IPAddress.Loopback, 5060))!.Value;
        BencodeReader.TryParse(reply[(cookie.Length + 1)..], BencodeLimits.Default, out var value, out var error);
        return value ?? throw new InvalidDataException(error);
    }

    public static BencodeValue Dict(params (string Key, object Value)[] entries)
    {
        var builder = new BencodeDictionaryBuilder();
        foreach (var (key, value) in entries)
        {
            builder.Add(key, value switch
            {
                string text => BencodeValue.FromString(text),
                int number => BencodeValue.FromInteger(number),
                string[] list => BencodeValue.FromList(list.Select(BencodeValue.FromString).ToArray()),
                BencodeValue raw => raw,
                _ => throw new ArgumentException($"unsupported value {value}"),
            });
        }

        return builder.Build();
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
