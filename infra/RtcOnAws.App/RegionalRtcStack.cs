using Amazon.CDK;
using Constructs;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.State;

namespace RtcOnAws.App;

/// <summary>
/// One region of the service in its default configuration: the network over two AZs, one same-AZ SBC pair per
/// AZ, the session store and the failover automation.
/// </summary>
internal sealed class RegionalRtcStack : Stack
{
    public RegionalRtcStack(Construct scope, string id, RegionalRtcStackProps props)
        : base(scope, id, props)
    {
        Network = new RtcNetwork(this, "Network");
        Pairs = Network.PlacementGroups
            .Select((_, az) => new SbcPair(this, $"SbcPairAz{az + 1}", new SbcPairProps { Network = Network, AvailabilityZoneIndex = az }))
            .ToArray();
        SessionStore = new SessionStore(this, "SessionStore", new SessionStoreProps { Network = Network });
        Failover = new FailoverAutomation(this, "Failover", new FailoverAutomationProps
        {
            Pairs = Pairs,
            FloatingIpFailoverCode = props.FloatingIpFailoverCode,
            LifecycleDnsCode = props.LifecycleDnsCode,
            SipDomain = props.Domain,
        });

        _ = new CfnOutput(this, "SessionStoreEndpoint", new CfnOutputProps { Value = SessionStore.PrimaryEndpointAddress });
        for (var i = 0; i < Pairs.Count; i++)
        {
            _ = new CfnOutput(this, $"SbcPairAz{i + 1}PublicIp", new CfnOutputProps { Value = Pairs[i].ElasticIp.Ref });
        }
    }

    public RtcNetwork Network { get; }

    public IReadOnlyList<SbcPair> Pairs { get; }

    public SessionStore SessionStore { get; }

    public FailoverAutomation Failover { get; }
}
