using System.Net;
using RtcOnAws.MediaNode.Engine.Calls;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

public sealed class RtcpMuxNegotiationTests
{
    [Theory]
    [InlineData(RtcpMuxFlags.None, true, true, true, true)]
    [InlineData(RtcpMuxFlags.None, true, false, true, false)]
    [InlineData(RtcpMuxFlags.None, false, false, false, false)]
    [InlineData(RtcpMuxFlags.Offer, false, true, true, false)]
    [InlineData(RtcpMuxFlags.Require, false, true, true, false)]
    [InlineData(RtcpMuxFlags.Reject, true, true, false, false)]
    [InlineData(RtcpMuxFlags.Demux, true, false, false, true)]
    [InlineData(RtcpMuxFlags.Accept, true, false, true, true)]
    public async Task FlagsDecideWhatEachSideIsOffered(RtcpMuxFlags flags, bool offererMux, bool answererMux, bool muxTowardsAnswerer, bool muxTowardsOfferer)
    {
        await using var harness = CallHarness.Create(pairs: 4);
        var offerSdp = TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000), offererMux ? ["a=rtcp-mux"] : []);
        var answerSdp = TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 6000), answererMux ? ["a=rtcp-mux"] : []);

        var towardsAnswerer = harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, offerSdp) { RtcpMux = flags });
        var towardsOfferer = harness.Registry.Answer(new OfferAnswerRequest("c", "a", "b", null, answerSdp));

        Assert.Equal(muxTowardsAnswerer, towardsAnswerer.Contains("a=rtcp-mux\r\n", StringComparison.Ordinal));
        Assert.Equal(muxTowardsOfferer, towardsOfferer.Contains("a=rtcp-mux\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryActiveMediaSectionGetsItsOwnPorts()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var sdp = TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000))
            + "m=video 5002 RTP/AVP 96\r\n"
            + "m=video 0 RTP/AVP 97\r\n"
            + "m=text 5006 RTP/AVP 98\r\n";

        var offer = harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, sdp));

        var ports = offer.Split("\r\n").Where(l => l.StartsWith("m=", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToArray();
        Assert.Equal(4, ports.Length);
        Assert.Equal("0", ports[2]);
        Assert.Equal(3, ports.Where(p => p != "0").Distinct().Count());
        Assert.Equal(6, harness.Pool.InUse);
    }
}
