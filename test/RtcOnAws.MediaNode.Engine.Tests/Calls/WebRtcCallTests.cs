using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Tests.Legs;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

/// <summary>One WebRTC party and one plain RTP party through the registry: the SDP each gets, and media that
/// crosses byte for byte once the WebRTC side has done ICE and DTLS.</summary>
public sealed class WebRtcCallTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _browserTime = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task PlainOffererToWebRtcRecipientGetsIceDtlsSdpAndRelaysAfterTheHandshake()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        using var alice = new UdpPeer();
        var browserCertificate = DtlsCertificate.Generate(_browserTime);

        var offer = harness.Registry.Offer(new OfferAnswerRequest("w1", "alice", null, null, TestSdp.Audio(alice.EndPoint))
        {
            TransportProtocol = "UDP/TLS/RTP/SAVPF",
        });

        var port = TestSdp.PortOf(offer);
        Assert.Contains($"m=audio {port} UDP/TLS/RTP/SAVPF 0 8\r\n", offer, StringComparison.Ordinal);
        Assert.Contains("a=ice-lite\r\n", offer, StringComparison.Ordinal);
        Assert.Contains("a=setup:actpass\r\n", offer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-mux\r\n", offer, StringComparison.Ordinal);
        Assert.Contains($"a=candidate:1 1 UDP 2130706431 127.0.0.1 {port} typ host\r\n", offer, StringComparison.Ordinal);
        var ourFingerprint = DtlsFingerprint.TryParse(Attribute(offer, "fingerprint"));
        Assert.NotNull(ourFingerprint);
        var ufrag = Attribute(offer, "ice-ufrag");
        var password = Attribute(offer, "ice-pwd");

        using var browser = new BrowserEndpoint(new IPEndPoint(IPAddress.Loopback, port));
        var answer = harness.Registry.Answer(new OfferAnswerRequest("w1", "alice", "browser", null,
            BrowserSdp(browser.EndPoint, browserCertificate.Fingerprint, "active", "BrUfRaG")));

        Assert.Contains($"m=audio {TestSdp.PortOf(answer)} RTP/AVP 111 0\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=fingerprint", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ice-", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=setup", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=candidate", answer, StringComparison.Ordinal);

        await browser.CheckAsync(ufrag + ":BrUfRaG", password, useCandidate: true);
        await browser.HandshakeAsync(browserCertificate, ourFingerprint, _browserTime);
        var webrtcMedia = harness.Registry.Inspect("w1", call => call.FindLeg("browser")!.Medias[0].WebRtc!)!;
        await WaitUntil(() => webrtcMedia.Leg!.IsKeyed);

        var fromAlice = RtpPacket.Create(1, 0xA1);
        await alice.SendAsync(fromAlice, new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(answer)));
        Assert.Equal(fromAlice, browser.Unprotect(await browser.ReceiveMediaAsync()));

        var fromBrowser = RtpPacket.Create(2, 0xB2);
        browser.SendRaw(browser.Protect(fromBrowser));
        Assert.Equal(fromBrowser, (await alice.ReceiveAsync(Wait))?.Buffer);
    }

    [Fact]
    public async Task AStandbyRestoredFromTheSnapshotContinuesSrtpWithoutANewHandshake()
    {
        await using var active = CallHarness.Create(pairs: 8);
        await using var standby = CallHarness.Create(pairs: 8, address: "127.0.0.2");
        using var alice = new UdpPeer();
        var browserCertificate = DtlsCertificate.Generate(_browserTime);
        var offer = active.Registry.Offer(new OfferAnswerRequest("ha", "alice", null, null, TestSdp.Audio(alice.EndPoint))
        {
            TransportProtocol = "UDP/TLS/RTP/SAVPF",
        });
        using var browser = new BrowserEndpoint(new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(offer)));
        var answer = active.Registry.Answer(new OfferAnswerRequest("ha", "alice", "browser", null,
            BrowserSdp(browser.EndPoint, browserCertificate.Fingerprint, "active", "BrUfRaG")));
        await browser.CheckAsync(Attribute(offer, "ice-ufrag") + ":BrUfRaG", Attribute(offer, "ice-pwd"), useCandidate: true);
        await browser.HandshakeAsync(browserCertificate, DtlsFingerprint.TryParse(Attribute(offer, "fingerprint"))!, _browserTime);
        await WaitUntil(() => active.Registry.GetSnapshot("ha")!.Legs[1].Medias[0].WebRtc?.LocalKey is not null);

        // Media flows on the active node first, so the SRTP contexts have positions to hand over.
        var beforeFailover = RtpPacket.Create(10, 0x10);
        browser.SendRaw(browser.Protect(beforeFailover));
        Assert.Equal(beforeFailover, (await alice.ReceiveAsync(Wait))?.Buffer);
        var snapshot = active.Registry.GetSnapshot("ha")!;
        Assert.NotEmpty(snapshot.Legs[1].Medias[0].WebRtc!.Inbound);

        var offset = standby.Pool.MinPort - active.Pool.MinPort;
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot);
        var moved = System.Text.Json.JsonSerializer.Deserialize<CallSnapshot>(json)! with
        {
            Legs = snapshot.Legs.Select(l => l with { Medias = l.Medias.Select(m => m with { RtpPort = m.RtpPort + offset, RtcpPort = m.RtcpPort + offset }).ToArray() }).ToArray(),
        };
        await active.DisposeAsync();
        await standby.Registry.RestoreAsync(moved);

        browser.Relay = new IPEndPoint(IPAddress.Parse("127.0.0.2"), TestSdp.PortOf(offer) + offset);
        var fromBrowser = RtpPacket.Create(11, 0x11);
        browser.SendRaw(browser.Protect(fromBrowser));
        Assert.Equal(fromBrowser, (await alice.ReceiveAsync(Wait))?.Buffer);

        var fromAlice = RtpPacket.Create(12, 0x12);
        await alice.SendAsync(fromAlice, new IPEndPoint(IPAddress.Parse("127.0.0.2"), TestSdp.PortOf(answer) + offset));
        Assert.Equal(fromAlice, browser.Unprotect(await browser.ReceiveMediaAsync()));
        Assert.Equal("restored", DtlsStateInQuery(standby, "ha"));

        // The browser's consent checks keep working with the same ICE credentials on the standby.
        await browser.CheckAsync(Attribute(offer, "ice-ufrag") + ":BrUfRaG", Attribute(offer, "ice-pwd"), useCandidate: true);
    }

    [Fact]
    public async Task WebRtcOffererGetsAPassiveAnswerAndThePlainRecipientGetsRtpAvp()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var browserFingerprint = DtlsCertificate.Generate(_browserTime).Fingerprint;
        var browserSdp = BrowserSdp(new IPEndPoint(IPAddress.Loopback, 40000), browserFingerprint, "actpass", "first");

        var offer = harness.Registry.Offer(new OfferAnswerRequest("w2", "browser", null, null, browserSdp) { TransportProtocol = "RTP/AVP" });
        Assert.Contains("RTP/AVP 111 0\r\n", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=fingerprint", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ice-", offer, StringComparison.Ordinal);

        var answer = harness.Registry.Answer(new OfferAnswerRequest("w2", "browser", "bob", null,
            TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 40010))));
        Assert.Contains("UDP/TLS/RTP/SAVPF 0 8\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-mux\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=ice-lite\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(browserFingerprint.ToString(), answer, StringComparison.Ordinal);
        var firstUfrag = Attribute(answer, "ice-ufrag");

        // A re-offer with a new ufrag is an ICE restart: our next answer carries new credentials.
        harness.Registry.Offer(new OfferAnswerRequest("w2", "browser", "bob", null,
            BrowserSdp(new IPEndPoint(IPAddress.Loopback, 40000), browserFingerprint, "actpass", "second")) { TransportProtocol = "RTP/AVP" });
        var reanswer = harness.Registry.Answer(new OfferAnswerRequest("w2", "browser", "bob", null,
            TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 40010))));
        Assert.NotEqual(firstUfrag, Attribute(reanswer, "ice-ufrag"));
        Assert.Equal(TestSdp.PortOf(answer), TestSdp.PortOf(reanswer));
    }

    [Fact]
    public async Task DtlsActiveMakesUsTheClientAndDtlsOffLeavesTheLegPlain()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var fingerprint = DtlsCertificate.Generate(_browserTime).Fingerprint;

        harness.Registry.Offer(new OfferAnswerRequest("w3", "browser", null, null,
            BrowserSdp(new IPEndPoint(IPAddress.Loopback, 40000), fingerprint, "actpass", "u")) { TransportProtocol = "RTP/AVP", Dtls = DtlsOption.Active });
        var answer = harness.Registry.Answer(new OfferAnswerRequest("w3", "browser", "bob", null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 40010))));
        Assert.Contains("a=setup:active\r\n", answer, StringComparison.Ordinal);

        var plain = harness.Registry.Offer(new OfferAnswerRequest("w4", "alice", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 40020)))
        {
            TransportProtocol = "UDP/TLS/RTP/SAVPF",
            Dtls = DtlsOption.Off,
        });
        Assert.DoesNotContain("a=fingerprint", plain, StringComparison.Ordinal);
        Assert.Equal(false, harness.Registry.Inspect("w4", call => (object)(call.FindLeg("alice")!.Medias[0].WebRtc is not null)));
    }

    [Fact]
    public async Task WebRtcWithoutIceOrFingerprintIsRefusedWithoutLeakingPorts()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var noFingerprint = BrowserSdp(new IPEndPoint(IPAddress.Loopback, 40000), null, "actpass", "u");

        var missing = Assert.Throws<NgRequestException>(() => harness.Registry.Offer(new OfferAnswerRequest("w5", "b", null, null, noFingerprint)));
        Assert.Contains("no usable a=fingerprint", missing.Message, StringComparison.Ordinal);
        var removed = Assert.Throws<NgRequestException>(() => harness.Registry.Offer(
            new OfferAnswerRequest("w6", "a", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 40020)))
            {
                TransportProtocol = "UDP/TLS/RTP/SAVPF",
                Ice = IceOption.Remove,
            }));
        Assert.Contains("cannot work without ICE", removed.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Pool.InUse);
    }

    [Fact]
    public async Task AHandshakeThatNeverCompletesTimesOutAndShowsInQuery()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = CallHarness.Create(pairs: 8, time: time);
        var fingerprint = DtlsCertificate.Generate(time).Fingerprint;
        harness.Registry.Offer(new OfferAnswerRequest("w7", "alice", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 40020)))
        {
            TransportProtocol = "UDP/TLS/RTP/SAVPF",
        });
        harness.Registry.Answer(new OfferAnswerRequest("w7", "alice", "browser", null,
            BrowserSdp(new IPEndPoint(IPAddress.Loopback, 40030), fingerprint, "active", "u")));
        Assert.Equal("handshaking", DtlsStateInQuery(harness, "w7"));

        time.Advance(DtlsSession.DefaultHandshakeTimeout);

        await WaitUntil(() => DtlsStateInQuery(harness, "w7") == "timed out");
    }

    private static string? DtlsStateInQuery(CallHarness harness, string callId) =>
        harness.Registry.Inspect(callId, call =>
        {
            var reply = Engine.Commands.CallStatisticsFormatter.AddTo(new Engine.Bencode.BencodeDictionaryBuilder(), call).Build();
            return reply["tags"]?["browser"]?["medias"]?.Items[0]["DTLS"]?["state"]?.AsText() ?? "absent";
        });

    private static string BrowserSdp(IPEndPoint endPoint, DtlsFingerprint? fingerprint, string setup, string ufrag) =>
        "v=0\r\n"
        + "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
        + "s=-\r\n"
        + "t=0 0\r\n"
        + "a=group:BUNDLE 0\r\n"
        + $"m=audio {endPoint.Port} UDP/TLS/RTP/SAVPF 111 0\r\n"
        + $"c=IN IP4 {endPoint.Address}\r\n"
        + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
        + $"a=candidate:1467250027 1 udp 2122260223 {endPoint.Address} {endPoint.Port} typ host generation 0\r\n"
        + $"a=ice-ufrag:{ufrag}\r\n"
        + "a=ice-pwd:T0teqPLNQQOf+5W+ls+P2p16\r\n"
        + (fingerprint is null ? string.Empty : $"a=fingerprint:{fingerprint}\r\n")
        + $"a=setup:{setup}\r\n"
        + "a=mid:0\r\n"
        + "a=rtcp-mux\r\n"
        + "a=rtpmap:111 opus/48000/2\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n";

    private static string Attribute(string sdp, string name) =>
        Regex.Match(sdp, $"^a={name}:(.*)\r$", RegexOptions.Multiline).Groups[1].Value;

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
