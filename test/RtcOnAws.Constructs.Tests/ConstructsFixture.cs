using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.S3.Assets;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.State;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// One synth shared by the construct tests: a stack with the foundation constructs in their default configuration
/// (plus a cross-AZ pair), a stack that brings its own VPC, a stack whose pairs install a media node, and a stack whose
/// pairs run their media nodes as hot-standby pairs on a session store.
/// </summary>
public sealed class ConstructsFixture : IDisposable
{
    public const string Foundation = "Foundation";
    public const string BringYourOwnVpc = "BringYourOwnVpc";
    public const string WithMediaNode = "WithMediaNode";
    public const string WithHighAvailability = "WithHighAvailability";

    /// <summary>Name of the heartbeat key secret <see cref="HaPairWithOwnKey"/> brings (imported by name).</summary>
    public const string OwnHeartbeatKeyName = "rtconaws/own-heartbeat-key";

    /// <summary>Extra media-node arguments of <see cref="HaPair"/>: a flag the construct does not set itself.</summary>
    public static readonly string[] HaExtraArguments = ["--log-level", "debug"];

    /// <summary>Extra media-node arguments of <see cref="MediaNodeSameAzPair"/>: one with a space, % and $ to prove the quoting.</summary>
    public static readonly string[] MediaNodeArguments = ["--log-level", "debug", "--redis-key-prefix", "pair a:%h$x"];

    private readonly string _mediaNodePublish = Directory.CreateTempSubdirectory("rtconaws-media-node-publish-").FullName;

    public ConstructsFixture()
    {
        File.WriteAllText(Path.Combine(_mediaNodePublish, "RtcOnAws.MediaNode"), "stand-in for the published executable");
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
            var mediaStack = new Stack(app, WithMediaNode);
            MediaNetwork = new RtcNetwork(mediaStack, "Network", new RtcNetworkProps { RtpPortRange = new PortRange(20000, 20999), NgControlPort = 2300 });
            MediaNodeAsset = new Asset(mediaStack, "MediaNodeCode", new AssetProps { Path = _mediaNodePublish });
            var artifact = MediaNodeArtifact.FromAsset(MediaNodeAsset);
            MediaNodeSameAzPair = new SbcPair(mediaStack, "SameAzPair", new SbcPairProps
            {
                Network = MediaNetwork,
                MediaNodeCode = artifact,
                MediaNodeExtraArguments = MediaNodeArguments,
                ExtraUserDataCommands = ["echo extra-user-data-command"],
            });
            MediaNodeAcrossAzsPair = new SbcPair(mediaStack, "AcrossAzsPair", new SbcPairProps
            {
                Network = MediaNetwork, Placement = SbcPairPlacement.AcrossAzs, MediaNodeCode = artifact,
            });
            var haStack = new Stack(app, WithHighAvailability);
            HaNetwork = new RtcNetwork(haStack, "Network");
            HaSessionStore = new SessionStore(haStack, "SessionStore", new SessionStoreProps { Network = HaNetwork });
            var haArtifact = MediaNodeArtifact.FromAsset(new Asset(haStack, "MediaNodeCode", new AssetProps { Path = _mediaNodePublish }));
            HaPair = new SbcPair(haStack, "HaPair", new SbcPairProps
            {
                Network = HaNetwork, MediaNodeCode = haArtifact, SessionStore = HaSessionStore, MediaNodeExtraArguments = HaExtraArguments,
                HighAvailabilityTimers = new MediaNodeHaTimers { LeaseTtl = Duration.Millis(400), FenceMargin = Duration.Millis(150) },
            });
            HaPairWithOwnKey = new SbcPair(haStack, "HaPairWithOwnKey", new SbcPairProps
            {
                Network = HaNetwork, AvailabilityZoneIndex = 1, MediaNodeCode = haArtifact, SessionStore = HaSessionStore,
                HeartbeatKeySecret = Amazon.CDK.AWS.SecretsManager.Secret.FromSecretNameV2(haStack, "OwnHeartbeatKey", OwnHeartbeatKeyName),
            });
            StandalonePairBesideHa = new SbcPair(haStack, "StandalonePair", new SbcPairProps { Network = HaNetwork, MediaNodeCode = haArtifact });
            HaFailover = new FailoverAutomation(haStack, "Failover", new FailoverAutomationProps { Pairs = [HaPair, HaPairWithOwnKey, StandalonePairBesideHa] });
            return [stack, byoStack, mediaStack, haStack];
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

    public RtcNetwork MediaNetwork { get; private set; } = null!;

    public Asset MediaNodeAsset { get; private set; } = null!;

    public SbcPair MediaNodeSameAzPair { get; private set; } = null!;

    public SbcPair MediaNodeAcrossAzsPair { get; private set; } = null!;

    public RtcNetwork HaNetwork { get; private set; } = null!;

    public SessionStore HaSessionStore { get; private set; } = null!;

    /// <summary>A hot-standby pair whose heartbeat key secret the construct creates.</summary>
    public SbcPair HaPair { get; private set; } = null!;

    /// <summary>A hot-standby pair on the same store that brings its own heartbeat key secret.</summary>
    public SbcPair HaPairWithOwnKey { get; private set; } = null!;

    /// <summary>A pair with a media node but no session store, in the same network as the HA pairs.</summary>
    public SbcPair StandalonePairBesideHa { get; private set; } = null!;

    /// <summary>Failover automation over both HA pairs and the standalone pair.</summary>
    public FailoverAutomation HaFailover { get; private set; } = null!;

    public void Dispose()
    {
        App.Dispose();
        Directory.Delete(_mediaNodePublish, recursive: true);
    }
}
