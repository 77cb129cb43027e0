using System.Text;
using RtcOnAws.MediaNode.Engine.Bencode;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Bencode;

public sealed class BencodeWriterTests
{
    [Fact]
    public void WritesCanonicalEncodingWithSortedKeys()
    {
        var value = new BencodeDictionaryBuilder()
            .Add("result", "ok")
            .Add("created", 1700000000)
            .Add("calls", [BencodeValue.FromString("a"), BencodeValue.FromString("bc")])
            .Add("totals", new BencodeDictionaryBuilder().Add("RTP", -1))
            .Build();

        var encoded = Encoding.ASCII.GetString(BencodeWriter.ToArray(value));

        Assert.Equal("d5:callsl1:a2:bce7:createdi1700000000e6:result2:ok6:totalsd3:RTPi-1eee", encoded);
    }

    [Fact]
    public void RoundTripsBinaryStrings()
    {
        var binary = new byte[] { 0, 255, 32, 10, 13 };
        var value = new BencodeDictionaryBuilder().Add("blob", BencodeValue.FromBytes(binary)).Build();

        Assert.True(BencodeReader.TryParse(BencodeWriter.ToArray(value), BencodeLimits.Default, out var parsed, out _));

        Assert.Equal(binary, parsed!["blob"]!.Bytes.ToArray());
    }
}
