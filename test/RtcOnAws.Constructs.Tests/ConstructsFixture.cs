using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Route53;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.State;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// One synth shared by the construct tests: a stack with the foundation constructs in their default configuration
/// (plus a cross-AZ pair), and a stack that brings its own VPC.
/// </summary>
public sealed class ConstructsFixture : IDisposable
{
    public const string Foundation = "Foundation";
    public const string BringYourOwnVpc = "BringYourOwnVpc";

    public ConstructsFixture()
    {
        App = new SynthesizedApp(app =>
        {
            var stack = new Stack(app, Foundation);
            Network = new RtcNetwork(stack, "Network");
            SameAzPair = new SbcPair(stack, "SameAzPair", new SbcPairProps { Network = Network });
            AcrossAzsPair = new SbcPair(stack, "AcrossAzsPair", new SbcPairProps { Network = Network, Placement = SbcPairPlacement.AcrossAzs, AvailabilityZoneIndex = 1 });
            SessionStore = new SessionStore(stack, "SessionStore", new SessionStoreProps { Network = Network });
            var zone = new PublicHostedZone(stack, "Zone", new PublicHostedZoneProps { ZoneName = "voice.example.com" });
            Failover = new FailoverAutomation(stack, "Failover", new FailoverAutomationProps { Pairs = [SameAzPair, AcrossAzsPair], HostedZone = zone });

            var byoStack = new Stack(app, BringYourOwnVpc);
            ExistingVpc = Vpc.FromVpcAttributes(byoStack, "Existing", new VpcAttributes
            {
                VpcId = "vpc-0123456789abcdef0",
                AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
                PublicSubnetIds = ["subnet-0000000000000000a", "subnet-0000000000000000b"],
                IsolatedSubnetIds = ["subnet-0000000000000000c", "subnet-0000000000000000d"],
            });
            ByoNetwork = new RtcNetwork(byoStack, "Network", new RtcNetworkProps
            {
                ExistingVpc = ExistingVpc,
                SipSourceCidrs = ["198.51.100.0/24"],
                RtpPortRange = new PortRange(20000, 20999),
            });
            return [stack, byoStack];
        });
    }

    public SynthesizedApp App { get; }

    public RtcNetwork Network { get; private set; } = null!;

    public SbcPair SameAzPair { get; private set; } = null!;

    public SbcPair AcrossAzsPair { get; private set; } = null!;

    public SessionStore SessionStore { get; private set; } = null!;

    public FailoverAutomation Failover { get; private set; } = null!;

    public IVpc ExistingVpc { get; private set; } = null!;

    public RtcNetwork ByoNetwork { get; private set; } = null!;

    public void Dispose() => App.Dispose();
}
