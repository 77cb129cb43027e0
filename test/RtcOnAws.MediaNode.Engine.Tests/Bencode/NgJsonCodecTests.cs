using System.Buffers;
using System.Text;
using RtcOnAws.MediaNode.Engine.Bencode;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Bencode;

public sealed class NgJsonCodecTests
{
    [Fact]
    public void MapsJsonOntoTheBencodeModel()
    {
        var json = """{"command":"offer","flags":["trust address"],"TOS":184,"strict":true}"""u8.ToArray();

        Assert.True(NgJsonCodec.TryParse(json, BencodeLimits.Default, out var value, out var error), error);

        Assert.Equal("offer", value!["command"]!.AsText());
        Assert.Equal("trust address", value["flags"]!.Items[0].AsText());
        Assert.Equal(184, value["TOS"]!.Integer);
        Assert.Equal(1, value["strict"]!.Integer);
    }

    [Theory]
    [InlineData("""{"a":null}""", "Null values are not supported")]
    [InlineData("""{"a":1.5}""", "Number values are not supported")]
    [InlineData("""{"a":""", "invalid JSON")]
    public void RejectsWhatBencodeCannotCarry(string json, string reason)
    {
        Assert.False(NgJsonCodec.TryParse(Encoding.UTF8.GetBytes(json), BencodeLimits.Default, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void WritesRepliesAsJson()
    {
        var reply = new BencodeDictionaryBuilder().Add("result", "pong").Add("n", 3).Build();
        var buffer = new ArrayBufferWriter<byte>();

        NgJsonCodec.Write(buffer, reply);

        Assert.Equal("""{"result":"pong","n":3}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
