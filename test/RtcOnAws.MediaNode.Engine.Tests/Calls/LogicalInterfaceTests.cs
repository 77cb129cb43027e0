using System.Net;
using RtcOnAws.MediaNode.Engine.Calls;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

/// <summary>
/// rtpengine's logical interfaces: the ng <c>direction</c> pair puts the sender and the recipient of an SDP each on an
/// interface, and every SDP the node writes advertises the interface of the party that reads it (an SBC behind AWS's 1:1
/// NAT: the private address toward its VPC, the Elastic IP toward the internet).
/// </summary>
public sealed class LogicalInterfaceTests
{
    private static readonly IPAddress Private = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Public = IPAddress.Parse("203.0.113.7");
    private static readonly Dictionary<string, IPAddress> Interfaces = new() { ["internal"] = Private, ["external"] = Public };

    [Fact]
    public async Task Each_party_reads_the_address_of_its_own_interface_in_offers_answers_and_re_offers_from_either_side()
    {
        await using var harness = CallHarness.Create(pairs: 8, interfaces: Interfaces);
        var caller = new IPEndPoint(IPAddress.Parse("198.51.100.20"), 4000);
        var upstream = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 6000);

        // A caller on the internet calls a private upstream.
        var toUpstream = harness.Registry.Offer(Request("caller", null, caller) with { SenderInterface = "external", RecipientInterface = "internal" });
        var toCaller = harness.Registry.Answer(Request("caller", "upstream", upstream));
        Assert.Equal(Private.ToString(), TestSdp.ConnectionAddress(toUpstream));
        Assert.Equal(Public.ToString(), TestSdp.ConnectionAddress(toCaller));

        // The upstream re-offers: its SDP goes to the caller, the caller's answer to the upstream.
        var reOfferToCaller = harness.Registry.Offer(Request("upstream", "caller", upstream) with { SenderInterface = "internal", RecipientInterface = "external" });
        var reAnswerToUpstream = harness.Registry.Answer(Request("upstream", "caller", caller));
        Assert.Equal(Public.ToString(), TestSdp.ConnectionAddress(reOfferToCaller));
        Assert.Equal(Private.ToString(), TestSdp.ConnectionAddress(reAnswerToUpstream));

        // A re-offer without direction keeps each party where the call put it.
        var plainReOffer = harness.Registry.Offer(Request("caller", "upstream", caller));
        Assert.Equal(Private.ToString(), TestSdp.ConnectionAddress(plainReOffer));
        Assert.Equal(["external", "internal"], harness.Registry.GetSnapshot("call")!.Legs.Select(l => l.InterfaceName));
    }

    [Fact]
    public async Task Without_direction_every_party_reads_the_default_interface()
    {
        await using var harness = CallHarness.Create(pairs: 8, interfaces: Interfaces);

        var offer = harness.Registry.Offer(Request("caller", null, new IPEndPoint(IPAddress.Parse("10.1.2.4"), 4000)));
        var answer = harness.Registry.Answer(Request("caller", "upstream", new IPEndPoint(IPAddress.Parse("10.1.2.3"), 6000)));

        Assert.Equal(Private.ToString(), TestSdp.ConnectionAddress(offer));
        Assert.Equal(Private.ToString(), TestSdp.ConnectionAddress(answer));
    }

    [Fact]
    public async Task A_standby_restores_each_partys_interface_and_answers_a_late_answer_with_it()
    {
        await using var active = CallHarness.Create(pairs: 8, interfaces: Interfaces);
        await using var standby = CallHarness.Create(pairs: 8, interfaces: Interfaces);
        var caller = new IPEndPoint(IPAddress.Parse("198.51.100.20"), 4000);
        active.Registry.Offer(Request("caller", null, caller) with { SenderInterface = "external", RecipientInterface = "internal" });
        var snapshot = active.Registry.GetSnapshot("call")!;
        var offset = standby.Pool.MinPort - active.Pool.MinPort;
        var moved = snapshot with
        {
            Legs = snapshot.Legs.Select(l => l with { Medias = l.Medias.Select(m => m with { RtpPort = m.RtpPort + offset, RtcpPort = m.RtcpPort + offset }).ToArray() }).ToArray(),
        };

        await standby.Registry.RestoreAsync(moved);
        // The answer that reaches the standby after the takeover goes to the caller on the internet.
        var toCaller = standby.Registry.Answer(Request("caller", "upstream", new IPEndPoint(IPAddress.Parse("10.1.2.3"), 6000)));

        Assert.Equal(Public.ToString(), TestSdp.ConnectionAddress(toCaller));
    }

    private static OfferAnswerRequest Request(string fromTag, string? toTag, IPEndPoint media) =>
        new("call", fromTag, toTag, null, TestSdp.Audio(media)) { ReplaceOrigin = true };
}
