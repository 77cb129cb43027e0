using RtcOnAws.MediaNode.WebRtc.Demux;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Demux;

public sealed class MediaPacketClassifierTests
{
    [Theory]
    [InlineData(0, MediaPacketKind.Stun)]
    [InlineData(3, MediaPacketKind.Stun)]
    [InlineData(4, MediaPacketKind.Unknown)]
    [InlineData(19, MediaPacketKind.Unknown)]
    [InlineData(20, MediaPacketKind.Dtls)]
    [InlineData(22, MediaPacketKind.Dtls)]
    [InlineData(63, MediaPacketKind.Dtls)]
    [InlineData(64, MediaPacketKind.Unknown)]
    [InlineData(127, MediaPacketKind.Unknown)]
    [InlineData(128, MediaPacketKind.RtpOrRtcp)]
    [InlineData(191, MediaPacketKind.RtpOrRtcp)]
    [InlineData(192, MediaPacketKind.Unknown)]
    public void FirstByteSelectsTheProtocol(byte first, MediaPacketKind expected) =>
        Assert.Equal(expected, MediaPacketClassifier.Classify([first, 0, 0, 0]));

    [Fact]
    public void EmptyDatagramIsUnknown() => Assert.Equal(MediaPacketKind.Unknown, MediaPacketClassifier.Classify([]));
}
