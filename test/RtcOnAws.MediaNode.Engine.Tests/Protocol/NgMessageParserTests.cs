using System.Text;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Protocol;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Protocol;

public sealed class NgMessageParserTests
{
    private static NgMessage? Parse(string text, int maxBytes = 65_535) =>
        NgMessageParser.Parse(Encoding.Latin1.GetBytes(text), BencodeLimits.Default, maxBytes);

    [Fact]
    public void SplitsCookieAndBencodeDictionary()
    {
        var message = Parse("5323_1 d7:command4:pinge");

        Assert.NotNull(message);
        Assert.Equal("5323_1", Encoding.ASCII.GetString(message.Cookie.Span));
        Assert.Equal(NgBodyFormat.Bencode, message.Format);
        Assert.Equal("ping", message.Dictionary!["command"]!.AsText());
        Assert.Null(message.Error);
    }

    [Fact]
    public void AcceptsJsonBodies()
    {
        var message = Parse("""abc {"command":"ping"}""");

        Assert.Equal(NgBodyFormat.Json, message!.Format);
        Assert.Equal("ping", message.Dictionary!["command"]!.AsText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("nocookie")]
    [InlineData(" d7:command4:pinge")]
    [InlineData("a\tb d7:command4:pinge")]
    public void DropsDatagramsWithoutACookie(string text) => Assert.Null(Parse(text));

    [Fact]
    public void DropsCookiesLongerThanTheLimit() => Assert.Null(Parse(new string('c', 200) + " de"));

    [Theory]
    [InlineData("c1 ", "must be a bencode dictionary")]
    [InlineData("c1 l4:pinge", "must be a bencode dictionary")]
    [InlineData("c1 d7:command4:ping", "truncated dictionary")]
    [InlineData("c1 {\"a\":[1,2", "invalid JSON")]
    public void ReportsBodyErrorsWithTheCookie(string text, string reason)
    {
        var message = Parse(text);

        Assert.Equal("c1", Encoding.ASCII.GetString(message!.Cookie.Span));
        Assert.Null(message.Dictionary);
        Assert.Contains(reason, message.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsOversizedMessagesButKeepsTheCookie()
    {
        var message = Parse("big d3:sdp100:" + new string('x', 100) + "e", maxBytes: 50);

        Assert.Equal("big", Encoding.ASCII.GetString(message!.Cookie.Span));
        Assert.Contains("exceeds the limit of 50 bytes", message.Error, StringComparison.Ordinal);
    }
}
