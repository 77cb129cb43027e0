using RtcOnAws.MediaNode.HighAvailability.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class RedisEndpointTests
{
    [Theory]
    [InlineData("10.0.0.5:6379/0", "10.0.0.5", 6379, 0, null)]
    [InlineData("redis.internal:6380/15", "redis.internal", 6380, 15, null)]
    [InlineData("s3cret@10.0.0.5:6379/2", "10.0.0.5", 6379, 2, "s3cret")]
    [InlineData("[::1]:6379/1", "::1", 6379, 1, null)]
    public void Parses_rtpengine_style_values(string text, string host, int port, int database, string? password)
    {
        var endpoint = RedisEndpoint.Parse(text);

        Assert.Equal(new RedisEndpoint(host, port, database, password), endpoint);
    }

    [Theory]
    [InlineData("10.0.0.5:6379", "no database")]
    [InlineData("10.0.0.5/0", "no port")]
    [InlineData("10.0.0.5:0/0", "port '0'")]
    [InlineData("10.0.0.5:6379/16", "database '16'")]
    [InlineData("10.0.0.5:x/0", "port 'x'")]
    [InlineData("::1:6379/0", "brackets")]
    [InlineData("@10.0.0.5:6379/0", "password")]
    public void Rejects_bad_values_naming_the_part(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RedisEndpoint.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_prints_the_password()
    {
        var endpoint = RedisEndpoint.Parse("hunter22@10.0.0.5:6379/0");

        Assert.DoesNotContain("hunter22", endpoint.ToString(), StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => RedisEndpoint.Parse("hunter22@10.0.0.5:6379"));
        Assert.DoesNotContain("hunter22", error.Message, StringComparison.Ordinal);
    }
}
