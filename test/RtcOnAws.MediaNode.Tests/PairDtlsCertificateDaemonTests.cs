using System.Net;
using System.Text.RegularExpressions;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using StackExchange.Redis;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// Two real daemons of one HA pair (same Redis, same key prefix, no <c>--dtls-certificate</c>): both advertise the
/// certificate the first one stored in Redis, which is what the deployed pair runs.
/// </summary>
public sealed class PairDtlsCertificateDaemonTests
{
    private const string Prefix = "dc-pair:";

    [Fact]
    public async Task Both_daemons_of_a_pair_advertise_the_certificate_stored_in_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nodeA = await MediaNodeDaemon.StartAsync(20, PairArguments(redis, "node-a"));
        await using var nodeB = await MediaNodeDaemon.StartAsync(20, PairArguments(redis, "node-b"));

        var fromA = await OfferedFingerprintAsync(nodeA);
        var fromB = await OfferedFingerprintAsync(nodeB);

        using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        var stored = DtlsCertificate.ImportPem((await connection.GetDatabase(0).StringGetAsync(Prefix + "dtls-certificate"))!);
        Assert.Equal(stored.Fingerprint, fromA);
        Assert.Equal(stored.Fingerprint, fromB);
        Assert.DoesNotContain("PRIVATE KEY", nodeA.Process.Output + nodeB.Process.Output, StringComparison.Ordinal);
    }

    private static string[] PairArguments(RedisServer redis, string nodeId) =>
        ["--redis", $"127.0.0.1:{redis.Port}/0", "--redis-key-prefix", Prefix, "--ha-node-id", nodeId, "--ha-takeover", "none"];

    private static async Task<DtlsFingerprint> OfferedFingerprintAsync(MediaNodeDaemon node)
    {
        var reply = await node.Client.RequestAsync(NgClient.Dict(
            ("command", "offer"), ("call-id", "pair-cert"), ("from-tag", "alice"), ("transport-protocol", "UDP/TLS/RTP/SAVPF"),
            ("sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n")));
        var sdp = reply["sdp"]?.AsText() ?? throw new Xunit.Sdk.XunitException($"offer failed: {reply}\n{node.Process.Output}");
        return DtlsFingerprint.TryParse(Regex.Match(sdp, "^a=fingerprint:(.*)\r$", RegexOptions.Multiline).Groups[1].Value)
            ?? throw new Xunit.Sdk.XunitException($"no fingerprint in\n{sdp}");
    }
}
