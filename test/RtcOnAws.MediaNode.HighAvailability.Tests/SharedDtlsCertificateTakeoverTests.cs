using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// Two real <see cref="HighAvailabilityService"/> nodes of one pair on a real redis-server, each with a certificate
/// generated on its own at start (as the daemon without <c>--dtls-certificate</c>): the node that takes over a
/// WebRTC call re-offers it with the fingerprint the browser verified with the first node.
/// </summary>
public sealed class SharedDtlsCertificateTakeoverTests : IAsyncLifetime
{
    private const int RangeSize = 40;
    private const string Prefix = "shared-dtls:";
    private const string WebRtcProtocol = "UDP/TLS/RTP/SAVPF";
    private readonly TestLogger _log = new();
    private RedisServer _redis = null!;
    private int _portMin;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        (_portMin, _) = FreePorts.MediaRange(RangeSize);
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_redis);

    [Fact]
    public async Task The_node_that_takes_over_re_offers_a_WebRTC_call_with_the_fingerprint_of_the_first_offer()
    {
        DtlsFingerprint offered;
        await using (var engineA = StandbyEngine.Create(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1))
        {
            var generatedA = engineA.Registry.DtlsCertificate.Fingerprint;
            var serviceA = await HighAvailabilityService.StartAsync(Settings("node-a"), engineA.Registry, engineA.Relay, null, _log);
            try
            {
                Assert.NotEqual(generatedA, engineA.Registry.DtlsCertificate.Fingerprint);
                await Eventually.True(() => serviceA.Role == NodeRole.Active && serviceA.Writer.Enabled, "node A is active");
                offered = Fingerprint(engineA.Registry.Offer(PlainOffer(5000)));
                engineA.Registry.Answer(new OfferAnswerRequest("webrtc-call", "alice", "browser", null, BrowserSdp(6000)));
                await Eventually.True(() => serviceA.Writer.IsFlushed && serviceA.Writer.Enabled, "node A wrote the call to Redis");
            }
            finally
            {
                // A shutdown leaves the calls in Redis for the node that takes over.
                await serviceA.DisposeAsync();
            }
        }

        await using var engineB = StandbyEngine.Create(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1);
        var generatedB = engineB.Registry.DtlsCertificate.Fingerprint;
        await using var serviceB = await HighAvailabilityService.StartAsync(Settings("node-b"), engineB.Registry, engineB.Relay, null, _log);
        await Eventually.True(() => serviceB.Role == NodeRole.Active, "node B takes over once node A's lease lapses");
        Assert.Equal(["webrtc-call"], engineB.Registry.ListCallIds(10));

        var reOffered = Fingerprint(engineB.Registry.Offer(PlainOffer(5002)));

        Assert.Equal(offered, reOffered);
        Assert.NotEqual(generatedB, reOffered);
    }

    [Fact]
    public async Task A_pair_given_a_certificate_file_keeps_it_and_stores_none()
    {
        var fromFile = DtlsCertificate.Generate(TimeProvider.System);
        await using var engine = StandbyEngine.Create(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1);
        engine.Registry.UseDtlsCertificate(fromFile);

        await using (await HighAvailabilityService.StartAsync(Settings("node-a") with { ShareDtlsCertificate = false }, engine.Registry, engine.Relay, null, _log))
        {
            Assert.Equal(fromFile.Fingerprint, engine.Registry.DtlsCertificate.Fingerprint);
        }

        await using var connections = await RedisConnections.ConnectAsync(_redis.Endpoint, _log);
        Assert.False(await connections.Data.GetDatabase(0).KeyExistsAsync(new State.CallKeys(Prefix).DtlsCertificateKey));
    }

    [Fact]
    public async Task A_node_waiting_for_Redis_for_the_certificate_sends_heartbeats_and_stops_waiting_when_cancelled()
    {
        await _redis.StopAsync();
        await using var engine = StandbyEngine.Create(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var settings = Settings("node-a") with
        {
            Heartbeat = new HeartbeatOptions(new IPEndPoint(IPAddress.Loopback, 0), (IPEndPoint)peer.LocalEndPoint!, TimeSpan.FromMilliseconds(20), new byte[32]),
        };
        using var stop = new CancellationTokenSource();

        var starting = HighAvailabilityService.StartAsync(settings, engine.Registry, engine.Relay, null, _log, stop.Token);
        await Eventually.True(
            () => _log.Messages(LogLevel.Warning).Any(m => m.Contains("waiting for Redis before serving calls", StringComparison.Ordinal)),
            "the node waits for Redis");
        using (var wait = new CancellationTokenSource(Eventually.DefaultTimeout))
        {
            // The peer (an active whose Redis is down too) hears this standby while it waits.
            Assert.True(await peer.ReceiveAsync(new byte[2048], wait.Token) > 0);
        }

        Assert.False(starting.IsCompleted, "no start without the pair's certificate");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting);
    }

    private HighAvailabilitySettings Settings(string nodeId) =>
        LoopbackNodeSettings.Create(nodeId, _redis, Prefix, _portMin, _portMin + RangeSize - 1, new NoAddressTakeover());

    /// <summary>The plain RTP party's (re-)offer, bridged to WebRTC toward the browser.</summary>
    private static OfferAnswerRequest PlainOffer(int port) => new(
        "webrtc-call",
        "alice",
        null,
        null,
        $"v=0\r\no=- 1 {port} IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
    {
        TransportProtocol = WebRtcProtocol,
    };

    private static string BrowserSdp(int port) =>
        "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + $"m=audio {port} {WebRtcProtocol} 0\r\nc=IN IP4 127.0.0.1\r\n"
        + $"a=candidate:1 1 udp 2122260223 127.0.0.1 {port} typ host\r\n"
        + "a=ice-ufrag:BrUf\r\na=ice-pwd:T0teqPLNQQOf+5W+ls+P2p16\r\n"
        + $"a=fingerprint:{DtlsCertificate.Generate(TimeProvider.System).Fingerprint}\r\n"
        + "a=setup:active\r\na=rtcp-mux\r\na=rtpmap:0 PCMU/8000\r\n";

    private static DtlsFingerprint Fingerprint(string sdp)
    {
        var match = Regex.Match(sdp, "^a=fingerprint:(.*)\r$", RegexOptions.Multiline);
        return DtlsFingerprint.TryParse(match.Groups[1].Value) ?? throw new Xunit.Sdk.XunitException($"no fingerprint in the SDP toward the browser:\n{sdp}");
    }
}
