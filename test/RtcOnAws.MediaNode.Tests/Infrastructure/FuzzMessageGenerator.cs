using System.Text;
using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// Seeded generator of hostile and half-valid ng datagrams: random bytes, truncated and mutated valid requests,
/// random dictionaries, invalid SDP, unknown call-ids and tags, JSON bodies and oversized datagrams.
/// </summary>
internal sealed class FuzzMessageGenerator(int seed)
{
    private static readonly string[] Commands = ["ping", "offer", "answer", "delete", "query", "list", "statistics", "start recording", "", "OFFER"];
    private static readonly string[] Keys =
    [
        "command", "call-id", "from-tag", "to-tag", "via-branch", "sdp", "flags", "replace", "rtcp-mux", "ICE", "direction",
        "received-from", "media address", "address family", "endpoint-learning", "transport-protocol", "limit", "label", "x",
    ];

    private static readonly string[] Flags = ["trust address", "SIP-source-address", "strict source", "fast", "port-latching", "asymmetric", "endpoint-learning-off", "garbage"];
    private readonly Random _random = new(seed);
    private int _cookie;

    /// <summary>True when the last datagram was built with a well-formed cookie (so a reply is due).</summary>
    public bool LastHasCookie { get; private set; }

    public byte[] Next()
    {
        LastHasCookie = true;
        return _random.Next(100) switch
        {
            < 10 => RandomBytes(),
            < 22 => WithCookie(Truncate(Bencode(ValidRequest()))),
            < 36 => WithCookie(Mutate(Bencode(ValidRequest()))),
            < 50 => WithCookie(Bencode(RandomDictionary(0))),
            < 62 => WithCookie(Bencode(OfferWithSdp(InvalidSdp()))),
            < 90 => WithCookie(Bencode(ValidRequest())),
            < 99 => WithCookie(Json(ValidRequest())),
            _ => WithCookie(Oversized()),
        };
    }

    /// <summary>A valid offer for call "call-N": the generator reuses a small set so answers and deletes hit real calls.</summary>
    public BencodeValue ValidRequest()
    {
        var callId = "call-" + _random.Next(40);
        var fromTag = "tag-" + _random.Next(3);
        return _random.Next(8) switch
        {
            0 => Dict(("command", "ping")),
            1 or 2 => OfferWithSdp(ValidSdp(), callId, fromTag),
            3 => Dict(("command", "answer"), ("call-id", callId), ("from-tag", fromTag), ("to-tag", "tag-" + _random.Next(3)), ("sdp", ValidSdp())),
            4 => Dict(("command", "delete"), ("call-id", callId), ("from-tag", fromTag)),
            5 => Dict(("command", "query"), ("call-id", callId)),
            6 => Dict(("command", "list"), ("limit", (long)_random.Next(-2, 50))),
            _ => Dict(("command", "statistics")),
        };
    }

    private BencodeValue OfferWithSdp(string sdp, string? callId = null, string? fromTag = null)
    {
        var entries = new List<(string, object)>
        {
            ("command", "offer"),
            ("call-id", callId ?? "call-" + _random.Next(40)),
            ("from-tag", fromTag ?? "tag-" + _random.Next(3)),
            ("sdp", sdp),
        };
        if (_random.Next(3) == 0)
        {
            entries.Add(("flags", Enumerable.Range(0, _random.Next(4)).Select(_ => Flags[_random.Next(Flags.Length)]).ToArray()));
        }

        if (_random.Next(4) == 0)
        {
            entries.Add(("rtcp-mux", new[] { new[] { "offer", "require", "demux", "accept", "reject", "bogus" }[_random.Next(6)] }));
        }

        if (_random.Next(5) == 0)
        {
            entries.Add(("ICE", new[] { "remove", "force", "force-relay" }[_random.Next(3)]));
        }

        if (_random.Next(6) == 0)
        {
            entries.Add(("received-from", new[] { "IP4", _random.Next(2) == 0 ? "127.0.0.1" : "not-an-ip" }));
        }

        return Dict([.. entries]);
    }

    private string ValidSdp()
    {
        var medias = _random.Next(1, 4);
        var sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        for (var i = 0; i < medias; i++)
        {
            var port = _random.Next(5) == 0 ? 0 : 10_000 + (2 * _random.Next(1000));
            sdp.Append("m=audio ").Append(port).Append(" RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
            if (_random.Next(3) == 0)
            {
                sdp.Append("a=rtcp-mux\r\n");
            }
        }

        return sdp.ToString();
    }

    private string InvalidSdp()
    {
        var lines = ValidSdp().Split("\r\n").ToList();
        var index = _random.Next(lines.Count);
        lines[index] = _random.Next(6) switch
        {
            0 => "garbage",
            1 => "c=IN IP4 host.example",
            2 => "m=audio 99999 RTP/AVP 0",
            3 => "v=1",
            4 => "c=IN IP6 2001:db8::1",
            _ => new string((char)_random.Next(0x20, 0x7f), _random.Next(1, 5)),
        };
        return string.Join("\r\n", lines);
    }

    private BencodeValue RandomDictionary(int depth)
    {
        var builder = new BencodeDictionaryBuilder();
        var count = _random.Next(6);
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var key = Keys[_random.Next(Keys.Length)];
            if (used.Add(key))
            {
                builder.Add(key, key == "command" && _random.Next(2) == 0 ? BencodeValue.FromString(Commands[_random.Next(Commands.Length)]) : RandomValue(depth + 1));
            }
        }

        return builder.Build();
    }

    private BencodeValue RandomValue(int depth) => _random.Next(depth > 3 ? 2 : 4) switch
    {
        0 => BencodeValue.FromBytes(RandomBytesOfLength(_random.Next(20))),
        1 => BencodeValue.FromInteger(_random.NextInt64(long.MinValue, long.MaxValue)),
        2 => BencodeValue.FromList(Enumerable.Range(0, _random.Next(4)).Select(_ => RandomValue(depth + 1)).ToArray()),
        _ => RandomDictionary(depth),
    };

    private byte[] RandomBytes()
    {
        LastHasCookie = false;
        return RandomBytesOfLength(_random.Next(300));
    }

    private byte[] RandomBytesOfLength(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Oversized()
    {
        var padding = 33_000 + _random.Next(27_000);
        return [.. Encoding.ASCII.GetBytes($"d7:command4:ping3:pad{padding}:"), .. new byte[padding], (byte)'e'];
    }

    private byte[] Truncate(byte[] body) => body[.._random.Next(body.Length)];

    private byte[] Mutate(byte[] body)
    {
        var copy = (byte[])body.Clone();
        for (var i = _random.Next(1, 6); i > 0 && copy.Length > 0; i--)
        {
            copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
        }

        return copy;
    }

    private byte[] WithCookie(byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"fz{seed}_{Interlocked.Increment(ref _cookie)} "), .. body];

    private static byte[] Bencode(BencodeValue value) => BencodeWriter.ToArray(value);

    private static byte[] Json(BencodeValue value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        NgJsonCodec.Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static BencodeValue Dict(params (string Key, object Value)[] entries) => NgClient.Dict(entries);
}
