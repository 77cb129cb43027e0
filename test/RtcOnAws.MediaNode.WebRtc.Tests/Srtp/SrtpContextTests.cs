using System.Buffers.Binary;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Srtp;

public sealed class SrtpContextTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles => new()
    {
        SrtpProtectionProfile.AesCm128HmacSha1Tag80,
        SrtpProtectionProfile.AesCm128HmacSha1Tag32,
        SrtpProtectionProfile.AeadAes128Gcm,
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Sequence_wrap_carries_the_rollover_counter_and_reordering_across_the_wrap_still_decrypts(SrtpProtectionProfile profile)
    {
        var master = Key(profile);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master);
        var protectedPackets = new List<(int Sequence, byte[] Packet)>();
        for (int sequence = 65530; sequence < 65536 + 6; sequence++)
        {
            protectedPackets.Add((sequence, Protect(sender, Rtp((ushort)sequence))));
        }

        // Deliver around the wrap out of order: 65534, 0, 65535, 1, ...
        int[] order = [0, 1, 2, 3, 4, 6, 5, 7, 8, 9, 10, 11];
        foreach (int i in order)
        {
            var (sequence, packet) = protectedPackets[i];
            Assert.Equal(Rtp((ushort)sequence), Unprotect(receiver, packet));
        }

        var after = receiver.Snapshot().Single();
        Assert.Equal(1u, after.RolloverCounter);
        Assert.Equal(5, after.HighestSequence);
        Assert.Equal(1u, sender.Snapshot().Single().RolloverCounter);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_replayed_packet_and_one_behind_the_window_are_refused(SrtpProtectionProfile profile)
    {
        var master = Key(profile);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master);
        var first = Protect(sender, Rtp(100));
        Assert.Equal(SrtpResult.Ok, TryUnprotect(receiver, first, out _));
        Assert.Equal(SrtpResult.Replayed, TryUnprotect(receiver, first, out _));

        var late = Protect(sender, Rtp(101));
        Assert.Equal(SrtpResult.Ok, TryUnprotect(receiver, Protect(sender, Rtp(100 + ReplayWindow.Size + 2)), out _));
        Assert.Equal(SrtpResult.Replayed, TryUnprotect(receiver, late, out _));

        // Inside the window, an unseen older packet is still welcome once.
        var inside = Protect(sender, Rtp(100 + ReplayWindow.Size));
        Assert.Equal(SrtpResult.Ok, TryUnprotect(receiver, inside, out _));
        Assert.Equal(SrtpResult.Replayed, TryUnprotect(receiver, inside, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtcp_replay_bad_tag_and_every_truncation_are_refused(SrtpProtectionProfile profile)
    {
        var master = Key(profile);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master);
        var report = Rtcp();
        var srtcp = Protect(sender, report, rtcp: true);
        Assert.Equal(report.Length + profile.RtcpOverhead(), srtcp.Length);
        Assert.Equal(0x80, srtcp[^(profile == SrtpProtectionProfile.AeadAes128Gcm ? 4 : 4 + profile.RtcpTagLength())] & 0x80);

        for (int length = srtcp.Length - 1; length >= 0; length--)
        {
            var truncated = srtcp[..length];
            int remaining = length;
            Assert.NotEqual(SrtpResult.Ok, receiver.UnprotectRtcp(truncated, ref remaining));
        }

        var forged = srtcp.ToArray();
        forged[10] ^= 1;
        Assert.Equal(SrtpResult.AuthenticationFailed, TryUnprotect(receiver, forged, out _, rtcp: true));
        Assert.Equal(SrtpResult.Ok, TryUnprotect(receiver, srtcp, out var plain, rtcp: true));
        Assert.Equal(report, plain);
        Assert.Equal(SrtpResult.Replayed, TryUnprotect(receiver, srtcp, out _, rtcp: true));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Truncated_srtp_is_malformed_or_unauthenticated_never_accepted(SrtpProtectionProfile profile)
    {
        var master = Key(profile);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master);
        var srtp = Protect(sender, Rtp(7));
        for (int length = srtp.Length - 1; length >= 0; length--)
        {
            var truncated = srtp[..length];
            int remaining = length;
            var result = receiver.UnprotectRtp(truncated, ref remaining);
            Assert.True(result is SrtpResult.Malformed or SrtpResult.AuthenticationFailed, $"length {length}: {result}");
        }

        Assert.Equal(Rtp(7), Unprotect(receiver, srtp));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_packet_that_fails_authentication_is_left_as_it_arrived(SrtpProtectionProfile profile)
    {
        var master = Key(profile);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master);
        var forged = Protect(sender, Rtp(9));
        forged[20] ^= 0x01;
        var buffer = forged.ToArray();
        int length = buffer.Length;

        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(buffer, ref length));
        Assert.Equal(forged.Length, length);
        Assert.Equal(forged, buffer);
    }

    [Fact]
    public void A_forged_packet_with_a_far_sequence_number_does_not_move_the_rollover_counter()
    {
        var master = Key(SrtpProtectionProfile.AesCm128HmacSha1Tag80);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master);
        Assert.Equal(Rtp(40000), Unprotect(receiver, Protect(sender, Rtp(40000))));
        var forged = Protect(sender, Rtp(1000));
        forged[^1] ^= 0xFF;
        Assert.Equal(SrtpResult.AuthenticationFailed, TryUnprotect(receiver, forged, out _));
        Assert.Equal(0u, receiver.Snapshot().Single().RolloverCounter);
        Assert.Equal(Rtp(40001), Unprotect(receiver, Protect(sender, Rtp(40001))));
    }

    [Fact]
    public void A_standby_restored_from_a_snapshot_continues_after_a_rollover_the_default_would_miss()
    {
        var master = Key(SrtpProtectionProfile.AesCm128HmacSha1Tag80);
        using var sender = new SrtpContext(master);
        using var active = new SrtpContext(master);
        for (int sequence = 65000; sequence < 65536 + 10; sequence += 500)
        {
            Unprotect(active, Protect(sender, Rtp((ushort)sequence)));
        }

        using var standby = new SrtpContext(master);
        foreach (var source in active.Snapshot())
        {
            standby.Restore(source);
        }

        var next = Protect(sender, Rtp(600));
        Assert.Equal(Rtp(600), Unprotect(standby, next));
        using var fresh = new SrtpContext(master);
        Assert.Equal(SrtpResult.AuthenticationFailed, TryUnprotect(fresh, next, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Protecting_and_unprotecting_allocates_nothing_per_packet(SrtpProtectionProfile profile)
    {
        var master = Key(profile);
        using var sender = new SrtpContext(master);
        using var receiver = new SrtpContext(master);
        var buffer = new byte[2048];
        var rtp = Rtp(0, payload: 160);
        var rtcp = Rtcp();
        int failures = 0;
        void RoundTrip(int sequence)
        {
            // Counted, not asserted, inside the loop: xunit's Assert allocates.
            rtp.CopyTo(buffer, 0);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)sequence);
            int length = rtp.Length;
            failures += sender.ProtectRtp(buffer, ref length) == SrtpResult.Ok ? 0 : 1;
            failures += receiver.UnprotectRtp(buffer, ref length) == SrtpResult.Ok ? 0 : 1;
            rtcp.CopyTo(buffer, 0);
            length = rtcp.Length;
            failures += sender.ProtectRtcp(buffer, ref length) == SrtpResult.Ok ? 0 : 1;
            failures += receiver.UnprotectRtcp(buffer, ref length) == SrtpResult.Ok ? 0 : 1;
        }

        // Three windows of 1,000 round trips after a warm-up one. A per-packet allocation (24 bytes at least) shows in
        // every window; a one-off runtime allocation on this thread (seen once under full load: 1,768 bytes in one
        // window, e.g. a shared buffer pool refilled after a collection trimmed it) can spoil one window, not all.
        var allocated = new long[4];
        int sequence = 0;
        for (int window = 0; window < allocated.Length; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int packet = 0; packet < 1000; packet++)
            {
                RoundTrip(sequence++);
            }

            allocated[window] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated.Skip(1).Min());
    }

    internal static SrtpMasterKey Key(SrtpProtectionProfile profile, byte seed = 1)
    {
        var material = new byte[profile.KeyLength() + profile.SaltLength()];
        for (int i = 0; i < material.Length; i++)
        {
            material[i] = (byte)(seed + (i * 7));
        }

        return SrtpMasterKey.FromConcatenated(profile, material);
    }

    internal static byte[] Rtp(ushort sequence, int payload = 40)
    {
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        packet[1] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 160u * sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x11223344);
        for (int i = 12; i < packet.Length; i++)
        {
            packet[i] = (byte)(sequence + i);
        }

        return packet;
    }

    private static byte[] Rtcp()
    {
        var packet = new byte[28];
        packet[0] = 0x80;
        packet[1] = 200;
        packet[3] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x11223344);
        for (int i = 8; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }

    private static byte[] Protect(SrtpContext context, byte[] plain, bool rtcp = false) =>
        SrtpPackets.Protect(rtcp ? context.ProtectRtcp : context.ProtectRtp, plain);

    private static byte[] Unprotect(SrtpContext context, byte[] packet) => SrtpPackets.Unprotect(context.UnprotectRtp, packet);

    private static SrtpResult TryUnprotect(SrtpContext context, byte[] packet, out byte[] plain, bool rtcp = false)
    {
        var buffer = packet.ToArray();
        int length = buffer.Length;
        var result = rtcp ? context.UnprotectRtcp(buffer, ref length) : context.UnprotectRtp(buffer, ref length);
        plain = buffer[..length];
        return result;
    }
}
