using System.Net;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Sdes;
using RtcOnAws.MediaNode.WebRtc.Srtp;
using RtcOnAws.MediaNode.WebRtc.Tests.Srtp;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

public sealed class SdesBridgingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public async Task An_sdes_offerer_talks_to_a_plain_answerer_through_the_node(SrtpProtectionProfile profile)
    {
        await using var harness = CallHarness.Create(pairs: 8);
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();
        var aliceKey = SdesCryptoAttribute.Generate(5, profile);
        var offerSdp = TestSdp.Audio(alice.EndPoint, "a=crypto:" + aliceKey.Format()).Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal);

        var offer = harness.Registry.Offer(new OfferAnswerRequest("c", "alice", null, null, offerSdp) { TransportProtocol = "RTP/AVP" });
        Assert.Contains(" RTP/AVP 0 8\r\n", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=crypto", offer, StringComparison.Ordinal);

        var answer = harness.Registry.Answer(new OfferAnswerRequest("c", "alice", "bob", null, TestSdp.Audio(bob.EndPoint)));
        Assert.Contains(" RTP/SAVP 0 8\r\n", answer, StringComparison.Ordinal);
        var nodeKey = SingleCrypto(answer);
        Assert.Equal(5, nodeKey.Tag);
        Assert.Equal(profile, nodeKey.Profile);
        Assert.False(nodeKey.Key.Key.SequenceEqual(aliceKey.Key.Key));

        var towardsBob = new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(offer));
        var towardsAlice = new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(answer));
        using var aliceSends = new SrtpContext(aliceKey.Key);
        using var aliceReceives = new SrtpContext(nodeKey.Key);
        for (ushort sequence = 1; sequence <= 3; sequence++)
        {
            var plain = RtpPacket.Create(sequence, 0xAA);
            await alice.SendAsync(SrtpPackets.Protect(aliceSends.ProtectRtp, plain), towardsAlice);
            Assert.Equal(plain, (await bob.ReceiveAsync(Wait))?.Buffer);

            var fromBob = RtpPacket.Create((ushort)(100 + sequence), 0xBB);
            await bob.SendAsync(fromBob, towardsBob);
            var atAlice = (await alice.ReceiveAsync(Wait))!.Value.Buffer;
            Assert.Equal(fromBob, SrtpPackets.Unprotect(aliceReceives.UnprotectRtp, atAlice));
        }

        // A forged packet and a replay from Alice's address are dropped and counted; the next real one still passes.
        var forged = SrtpPackets.Protect(aliceSends.ProtectRtp, RtpPacket.Create(50, 0xCC));
        var replay = forged.ToArray();
        forged[^1] ^= 1;
        await alice.SendAsync(forged, towardsAlice);
        await alice.SendAsync(replay, towardsAlice);
        await alice.SendAsync(replay, towardsAlice);
        var next = RtpPacket.Create(51, 0xDD);
        await alice.SendAsync(SrtpPackets.Protect(aliceSends.ProtectRtp, next), towardsAlice);
        Assert.Equal(RtpPacket.Create(50, 0xCC), (await bob.ReceiveAsync(Wait))?.Buffer);
        Assert.Equal(next, (await bob.ReceiveAsync(Wait))?.Buffer);
        var dropped = harness.Engine.Statistics.Dropped;
        Assert.Equal(1, dropped.Unauthenticated);
        Assert.Equal(1, dropped.Replayed);
    }

    [Fact]
    public async Task A_plain_offerer_reaches_an_sdes_answerer_that_picks_one_of_the_offered_keys()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();

        var offer = harness.Registry.Offer(new OfferAnswerRequest("c", "alice", null, null, TestSdp.Audio(alice.EndPoint))
        {
            TransportProtocol = "RTP/SAVP",
            Sdes = new SdesOptions(false, new HashSet<SrtpProtectionProfile> { SrtpProtectionProfile.AeadAes128Gcm }, new HashSet<SrtpProtectionProfile>()),
        });
        Assert.Contains(" RTP/SAVP 0 8\r\n", offer, StringComparison.Ordinal);
        var offered = CryptoLines(offer);
        Assert.Equal(
            [SrtpProtectionProfile.AesCm128HmacSha1Tag80, SrtpProtectionProfile.AesCm128HmacSha1Tag32],
            offered.Select(crypto => crypto.Profile));

        // Bob accepts the 32-bit suite (tag 2) with his own key.
        var chosen = offered[1];
        var bobKey = SdesCryptoAttribute.Generate(chosen.Tag, chosen.Profile);
        var answerSdp = TestSdp.Audio(bob.EndPoint, "a=crypto:" + bobKey.Format()).Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal);
        var answer = harness.Registry.Answer(new OfferAnswerRequest("c", "alice", "bob", null, answerSdp));
        Assert.Contains(" RTP/AVP 0 8\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=crypto", answer, StringComparison.Ordinal);

        var towardsBob = new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(offer));
        var towardsAlice = new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(answer));
        using var bobSends = new SrtpContext(bobKey.Key);
        using var bobReceives = new SrtpContext(chosen.Key);
        var fromAlice = RtpPacket.Create(7, 0x11);
        await alice.SendAsync(fromAlice, towardsAlice);
        Assert.Equal(fromAlice, SrtpPackets.Unprotect(bobReceives.UnprotectRtp, (await bob.ReceiveAsync(Wait))!.Value.Buffer));
        var fromBob = RtpPacket.Create(9, 0x22);
        await bob.SendAsync(SrtpPackets.Protect(bobSends.ProtectRtp, fromBob), towardsBob);
        Assert.Equal(fromBob, (await alice.ReceiveAsync(Wait))?.Buffer);
    }

    [Fact]
    public async Task A_standby_restored_from_the_snapshot_continues_both_directions_after_a_rollover()
    {
        await using var active = CallHarness.Create(pairs: 8);
        await using var standby = CallHarness.Create(pairs: 8, address: "127.0.0.2");
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();
        var aliceKey = SdesCryptoAttribute.Generate(1, SrtpProtectionProfile.AesCm128HmacSha1Tag80);
        var offerSdp = TestSdp.Audio(alice.EndPoint, "a=crypto:" + aliceKey.Format()).Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal);
        var offer = active.Registry.Offer(new OfferAnswerRequest("c", "alice", null, null, offerSdp) { TransportProtocol = "RTP/AVP" });
        var answer = active.Registry.Answer(new OfferAnswerRequest("c", "alice", "bob", null, TestSdp.Audio(bob.EndPoint)));
        var nodeKey = SingleCrypto(answer);
        using var aliceSends = new SrtpContext(aliceKey.Key);
        using var aliceReceives = new SrtpContext(nodeKey.Key);

        // Both directions wrap their sequence numbers on the active: rollover counters become 1.
        foreach (ushort sequence in new ushort[] { 65534, 65535, 0 })
        {
            await alice.SendAsync(SrtpPackets.Protect(aliceSends.ProtectRtp, RtpPacket.Create(sequence, 0xA1)), new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(answer)));
            Assert.Equal(RtpPacket.Create(sequence, 0xA1), (await bob.ReceiveAsync(Wait))?.Buffer);
            await bob.SendAsync(RtpPacket.Create(sequence, 0xB1), new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(offer)));
            Assert.Equal(RtpPacket.Create(sequence, 0xB1), SrtpPackets.Unprotect(aliceReceives.UnprotectRtp, (await alice.ReceiveAsync(Wait))!.Value.Buffer));
        }

        var snapshot = active.Registry.GetSnapshot("c")!;
        var aliceSdes = snapshot.Legs.Single(leg => leg.Tag == "alice").Medias[0].Sdes!;
        Assert.Equal(1u, Assert.Single(aliceSdes.Inbound).RolloverCounter);
        Assert.Equal(1u, Assert.Single(aliceSdes.Outbound).RolloverCounter);
        Assert.Null(snapshot.Legs.Single(leg => leg.Tag == "bob").Medias[0].Sdes);

        var portOffset = standby.Pool.MinPort - active.Pool.MinPort;
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot);
        var moved = System.Text.Json.JsonSerializer.Deserialize<CallSnapshot>(json)! with
        {
            Legs = snapshot.Legs.Select(l => l with { Medias = l.Medias.Select(m => m with { RtpPort = m.RtpPort + portOffset, RtcpPort = m.RtcpPort + portOffset }).ToArray() }).ToArray(),
        };
        await standby.Registry.RestoreAsync(moved);

        var towardsAlice = new IPEndPoint(IPAddress.Parse("127.0.0.2"), TestSdp.PortOf(answer) + portOffset);
        var towardsBob = new IPEndPoint(IPAddress.Parse("127.0.0.2"), TestSdp.PortOf(offer) + portOffset);
        await alice.SendAsync(SrtpPackets.Protect(aliceSends.ProtectRtp, RtpPacket.Create(1, 0xA2)), towardsAlice);
        Assert.Equal(RtpPacket.Create(1, 0xA2), (await bob.ReceiveAsync(Wait))?.Buffer);
        await bob.SendAsync(RtpPacket.Create(1, 0xB2), towardsBob);
        Assert.Equal(RtpPacket.Create(1, 0xB2), SrtpPackets.Unprotect(aliceReceives.UnprotectRtp, (await alice.ReceiveAsync(Wait))!.Value.Buffer));
    }

    [Fact]
    public async Task Sequence_numbers_that_keep_wrapping_queue_at_most_one_rollover_save_per_call()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();
        var aliceKey = SdesCryptoAttribute.Generate(1, SrtpProtectionProfile.AesCm128HmacSha1Tag80);
        var offerSdp = TestSdp.Audio(alice.EndPoint, "a=crypto:" + aliceKey.Format()).Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal);
        var offer = harness.Registry.Offer(new OfferAnswerRequest("c", "alice", null, null, offerSdp) { TransportProtocol = "RTP/AVP" });
        harness.Registry.Answer(new OfferAnswerRequest("c", "alice", "bob", null, TestSdp.Audio(bob.EndPoint)));
        using var observer = new HeldObserver();
        harness.Registry.AddObserver(observer);

        // Plain RTP from bob jumping 30,000 numbers a packet: the node's protecting context towards alice wraps its
        // sequence numbers every second or third packet while the first save is held inside the observer.
        const int packets = 30;
        ushort sequence = 0;
        for (int i = 0; i < packets; i++)
        {
            await bob.SendAsync(RtpPacket.Create(sequence, 0xB1), new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(offer)));
            Assert.NotNull(await alice.ReceiveAsync(Wait));
            sequence += 30_000;
        }

        var rollovers = SnapshotRollovers(harness.Registry.GetSnapshot("c")!);
        Assert.True(rollovers >= 10, $"expected at least 10 rollovers, saw {rollovers}");
        observer.Release();

        // The saves that were held back end with one that has the newest counter; none is queued per rollover.
        Assert.True(await observer.WaitForAsync(snapshot => SnapshotRollovers(snapshot) == rollovers, Wait));
        Assert.InRange(observer.Changes, 1, 3);
    }

    [Fact]
    public async Task Unusable_crypto_is_refused_with_the_reason_and_leaves_no_ports()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var sdp = TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000), "a=crypto:1 F8_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")
            .Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal);

        var error = Assert.Throws<NgRequestException>(() => harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, sdp)));

        Assert.Contains("crypto suite 'F8_128_HMAC_SHA1_80' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Pool.InUse);
    }

    private static List<SdesCryptoAttribute> CryptoLines(string sdp) =>
        sdp.Split("\r\n")
            .Where(line => line.StartsWith("a=crypto:", StringComparison.Ordinal))
            .Select(line => SdesCryptoAttribute.TryParse(line["a=crypto:".Length..], out var crypto, out var error) ? crypto! : throw new InvalidOperationException(error))
            .ToList();

    private static SdesCryptoAttribute SingleCrypto(string sdp) => Assert.Single(CryptoLines(sdp));

    private static uint SnapshotRollovers(CallSnapshot snapshot) =>
        snapshot.Legs.Single(leg => leg.Tag == "alice").Medias[0].Sdes!.Outbound.Select(source => source.RolloverCounter).SingleOrDefault();

    /// <summary>Holds the first change inside the observer (as a slow replica would) until released; counts changes.</summary>
    private sealed class HeldObserver : ICallObserver, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly SemaphoreSlim _changed = new(0);
        private CallSnapshot? _last;
        private int _changes;

        public int Changes => Volatile.Read(ref _changes);

        public void OnCallChanged(CallSnapshot snapshot)
        {
            // Bounded, so a failing test cannot hang the registry.
            _released.Wait(Wait);
            Volatile.Write(ref _last, snapshot);
            Interlocked.Increment(ref _changes);
            _changed.Release();
        }

        public void OnCallDeleted(string callId, CallEndReason reason)
        {
        }

        public void Release() => _released.Set();

        public async Task<bool> WaitForAsync(Func<CallSnapshot, bool> condition, TimeSpan timeout)
        {
            using var cancellation = new CancellationTokenSource(timeout);
            while (Volatile.Read(ref _last) is not { } last || !condition(last))
            {
                try
                {
                    await _changed.WaitAsync(cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }

            return true;
        }

        public void Dispose()
        {
            _released.Set();
            _released.Dispose();
            _changed.Dispose();
        }
    }
}
