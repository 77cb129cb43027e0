using System.Net;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

/// <summary>An HA node swaps in the pair's certificate before it holds a call, and never under one.</summary>
public sealed class CallRegistryDtlsCertificateTests
{
    [Fact]
    public async Task The_certificate_given_before_any_call_is_the_one_offers_advertise()
    {
        await using var harness = CallHarness.Create(pairs: 4);
        var pair = DtlsCertificate.Generate(TimeProvider.System);

        harness.Registry.UseDtlsCertificate(pair);
        var offer = harness.Registry.Offer(new OfferAnswerRequest("w1", "alice", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000)))
        {
            TransportProtocol = "UDP/TLS/RTP/SAVPF",
        });

        Assert.Contains($"a=fingerprint:{pair.Fingerprint}\r\n", offer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_certificate_cannot_change_while_a_call_uses_it()
    {
        await using var harness = CallHarness.Create(pairs: 4);
        var before = harness.Registry.DtlsCertificate;
        harness.Registry.Offer(new OfferAnswerRequest("w1", "alice", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000)))
        {
            TransportProtocol = "UDP/TLS/RTP/SAVPF",
        });

        Assert.Throws<InvalidOperationException>(() => harness.Registry.UseDtlsCertificate(DtlsCertificate.Generate(TimeProvider.System)));
        Assert.Same(before, harness.Registry.DtlsCertificate);
    }
}
