using System.Runtime.InteropServices;
using System.Text;
using RtcOnAws.MediaNode.Engine.Bencode;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Bencode;

public sealed class BencodeReaderTests
{
    [Fact]
    public void ParsesAnOfferShapedDictionary()
    {
        var input = "d7:command5:offer7:call-id3:abc5:flagsl13:trust addresse3:numi-42ee"u8.ToArray();

        Assert.True(BencodeReader.TryParse(input, BencodeLimits.Default, out var value, out var error), error);

        Assert.Equal(BencodeKind.Dictionary, value!.Kind);
        Assert.Equal("offer", value["command"]!.AsText());
        Assert.Equal("abc", value["call-id"]!.AsText());
        Assert.Equal(["trust address"], value["flags"]!.Items.Select(i => i.AsText()));
        Assert.Equal(-42, value["num"]!.Integer);
        Assert.Null(value["missing"]);
    }

    [Fact]
    public void StringsAreSlicesOfTheInputBuffer()
    {
        var input = "d3:sdp5:v=0\r\ne"u8.ToArray();

        Assert.True(BencodeReader.TryParse(input, BencodeLimits.Default, out var value, out _));

        Assert.True(MemoryMarshal.TryGetArray(value!["sdp"]!.Bytes, out var segment));
        Assert.Same(input, segment.Array);
        Assert.Equal(8, segment.Offset);
    }

    [Theory]
    [InlineData("", "truncated document")]
    [InlineData("d7:command4:ping", "truncated dictionary")]
    [InlineData("d7:command10:ping", "runs past the end")]
    [InlineData("i12", "truncated integer")]
    [InlineData("i012e", "leading zero")]
    [InlineData("i-0e", "negative zero")]
    [InlineData("ie", "i<digits>e")]
    [InlineData("i99999999999999999999e", "64 bits")]
    [InlineData("02:ab", "leading zero")]
    [InlineData("3ab", "followed by ':'")]
    [InlineData("di1ei2ee", "key must be a string")]
    [InlineData("d1:a1:b1:a1:ce", "duplicate dictionary key")]
    [InlineData("de1:x", "unexpected bytes after the end")]
    [InlineData("x", "unexpected byte 0x78")]
    public void RejectsMalformedInputWithAReason(string text, string reason)
    {
        Assert.False(BencodeReader.TryParse(Encoding.Latin1.GetBytes(text), BencodeLimits.Default, out var value, out var error));

        Assert.Null(value);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void EnforcesTheDepthLimitWithoutExhaustingTheStack()
    {
        var deep = Encoding.ASCII.GetBytes(new string('l', 100_000) + new string('e', 100_000));

        Assert.False(BencodeReader.TryParse(deep, BencodeLimits.Default, out _, out var error));

        Assert.Contains("nesting deeper than 16", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EnforcesTheValueAndStringLimits()
    {
        var limits = new BencodeLimits { MaxValues = 3, MaxStringLength = 4 };

        Assert.False(BencodeReader.TryParse("li1ei2ei3ee"u8.ToArray(), limits, out _, out var countError));
        Assert.False(BencodeReader.TryParse("5:abcde"u8.ToArray(), limits, out _, out var lengthError));

        Assert.Contains("more than 3 values", countError, StringComparison.Ordinal);
        Assert.Contains("longer than 4 bytes", lengthError, StringComparison.Ordinal);
    }
}
