namespace RtcOnAws.MediaNode.Relay.Tests;

public sealed class MediaTransformHookTests
{
    public static TheoryData<RelayBackend> Backends => new() { RelayBackend.Epoll, RelayBackend.Portable };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Unprotects_on_the_receiving_leg_and_protects_on_the_sending_leg_in_place(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        call.A.Transform = new TrailerTransform();
        var plain = RelayHarness.RtpPacket(7, size: 100);

        // Caller (protected leg) -> callee (plain leg): the trailer is checked and stripped.
        call.CallerRtp.Send(TrailerTransform.WithTrailer(plain), call.A.RtpPort);
        Assert.Equal(plain, call.CalleeRtp.ReceiveOrFail().Payload);

        // Callee -> caller: the packet grows by the trailer inside the receive buffer's headroom.
        call.CalleeRtp.Send(plain, call.B.RtpPort);
        Assert.Equal(TrailerTransform.WithTrailer(plain), call.CallerRtp.ReceiveOrFail().Payload);

        // A full-size datagram still has room to grow.
        var largest = RelayHarness.RtpPacket(8, size: call.Engine.Options.ReceiveBufferSize);
        call.CalleeRtp.Send(largest, call.B.RtpPort);
        Assert.Equal(TrailerTransform.WithTrailer(largest), call.CallerRtp.ReceiveOrFail().Payload);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_rejected_packet_is_counted_by_its_reason_and_never_relayed(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        call.A.Transform = new TrailerTransform();
        var plain = RelayHarness.RtpPacket(1, size: 80);
        var forged = TrailerTransform.WithTrailer(plain);
        forged[^1] ^= 0xFF;

        call.CallerRtp.Send(forged, call.A.RtpPort);
        call.CallerRtp.Send(new byte[] { 0x80, 0 }, call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.Unauthenticated == 1 && call.A.Counters.Dropped.Malformed == 1, "both bad packets are counted");
        Assert.Equal(1, call.Engine.Statistics.Dropped.Unauthenticated);
        Assert.Equal(0, call.A.Counters.RelayedPackets);
        call.CalleeRtp.AssertNextIs(plain, () => call.CallerRtp.Send(TrailerTransform.WithTrailer(plain), call.A.RtpPort), "the bad packets were not relayed");
    }

    /// <summary>A stand-in protection: a two-byte trailer 0xAB 0xCD that must be present on receive and is added on send.</summary>
    private sealed class TrailerTransform : IMediaTransform
    {
        public static byte[] WithTrailer(byte[] plain) => [.. plain, 0xAB, 0xCD];

        public MediaTransformResult Unprotect(Span<byte> packet, ref int length, bool rtcp)
        {
            if (length < 12)
            {
                return MediaTransformResult.Malformed;
            }

            if (packet[length - 2] != 0xAB || packet[length - 1] != 0xCD)
            {
                return MediaTransformResult.Unauthenticated;
            }

            length -= 2;
            return MediaTransformResult.Relay;
        }

        public MediaTransformResult Protect(Span<byte> packet, ref int length, bool rtcp)
        {
            if (packet.Length < length + 2)
            {
                return MediaTransformResult.NoRoom;
            }

            packet[length++] = 0xAB;
            packet[length++] = 0xCD;
            return MediaTransformResult.Relay;
        }
    }
}
