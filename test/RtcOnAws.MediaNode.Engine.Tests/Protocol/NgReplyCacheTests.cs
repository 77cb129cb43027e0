using System.Net;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.Engine.Protocol;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Protocol;

public sealed class NgReplyCacheTests
{
    private static readonly IPEndPoint Proxy = new(IPAddress.Loopback, 5060);

    [Fact]
    public void TheSameCookieFromAnotherSenderIsANewRequest()
    {
        var cache = new NgReplyCache(10, TimeSpan.FromSeconds(30));
        cache.Add("1_1"u8, Proxy, "r"u8);

        Assert.False(cache.TryGet("1_1"u8, new IPEndPoint(IPAddress.Loopback, 5070), out _));
        Assert.True(cache.TryGet("1_1"u8, Proxy, out _));
    }

    [Fact]
    public void ReturnsTheStoredReplyForARetransmittedCookie()
    {
        var cache = new NgReplyCache(10, TimeSpan.FromSeconds(30));
        cache.Add("c1"u8, Proxy, "c1 d6:result4:ponge"u8);

        Assert.True(cache.TryGet("c1"u8, Proxy, out var reply));
        Assert.Equal("c1 d6:result4:ponge"u8.ToArray(), reply.ToArray());
        Assert.False(cache.TryGet("c2"u8, Proxy, out _));
    }

    [Fact]
    public void ForgetsRepliesAfterTheirLifetime()
    {
        var clock = new FakeTimeProvider();
        var cache = new NgReplyCache(10, TimeSpan.FromSeconds(30), clock);
        cache.Add("old"u8, Proxy, "x"u8);
        clock.Advance(TimeSpan.FromSeconds(20));
        cache.Add("new"u8, Proxy, "y"u8);
        clock.Advance(TimeSpan.FromSeconds(11));

        Assert.False(cache.TryGet("old"u8, Proxy, out _));
        Assert.True(cache.TryGet("new"u8, Proxy, out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void EvictsTheOldestWhenFull()
    {
        var cache = new NgReplyCache(3, TimeSpan.FromSeconds(30));
        foreach (var cookie in new[] { "a", "b", "c", "d" })
        {
            cache.Add(System.Text.Encoding.ASCII.GetBytes(cookie), Proxy, "r"u8);
        }

        Assert.False(cache.TryGet("a"u8, Proxy, out _));
        Assert.True(cache.TryGet("d"u8, Proxy, out _));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void ReAddingACookieKeepsTheNewestReply()
    {
        var clock = new FakeTimeProvider();
        var cache = new NgReplyCache(2, TimeSpan.FromSeconds(30), clock);
        cache.Add("a"u8, Proxy, "1"u8);
        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Add("a"u8, Proxy, "2"u8);
        cache.Add("b"u8, Proxy, "3"u8);

        Assert.True(cache.TryGet("a"u8, Proxy, out var reply));
        Assert.Equal("2"u8.ToArray(), reply.ToArray());
    }
}
