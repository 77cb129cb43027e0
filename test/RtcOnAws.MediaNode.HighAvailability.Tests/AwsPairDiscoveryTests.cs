using Amazon.EC2;
using Microsoft.Extensions.Logging;
using RtcOnAws.Aws.Imds;
using RtcOnAws.AwsSimulator;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// <c>--ha-aws-pair-tag</c> discovery against the AWS wire simulator: this node from its IMDSv2, the peer and the
/// Elastic IP through signed EC2 Query calls.
/// </summary>
public sealed class AwsPairDiscoveryTests : IAsyncLifetime
{
    private static readonly AwsPairTag Tag = new("rtconaws:pair", "edge-a");
    private static readonly Dictionary<string, string> PairTags = new() { ["rtconaws:pair"] = "edge-a" };
    private readonly TestLogger _log = new();
    private readonly List<IDisposable> _clients = [];
    private AwsWireSimulator _simulator = null!;
    private AmazonEC2Client _ec2 = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorEc2.StartAsync();
        _simulator.Ec2.AddSubnet("subnet-a", "us-east-1a", "10.0.1.0/24");
        _simulator.Ec2.AddSubnet("subnet-b", "us-east-1b", "10.0.2.0/24");
        _ec2 = SimulatorEc2.Client(_simulator);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _ec2.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Finds_itself_in_imds_and_the_one_other_running_instance_with_the_tag()
    {
        var ec2 = _simulator.Ec2;
        var self = ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var peer = ec2.AddInstance("subnet-a", "10.0.1.12", PairTags);
        ec2.AddInstance("subnet-a", "10.0.1.13", new Dictionary<string, string> { ["rtconaws:pair"] = "edge-b" });
        ec2.AddInstance("subnet-a", "10.0.1.14", PairTags, state: "terminated");
        var discovery = Discovery(self.InstanceId);

        var me = await discovery.DiscoverSelfAsync(CancellationToken.None);
        var other = await discovery.FindPeerAsync(Tag, me.InstanceId, CancellationToken.None);

        var selfEni = ec2.GetNetworkInterface(self.NetworkInterfaceIds[0]);
        Assert.Equal(new AwsPairMember(self.InstanceId, "us-east-1a", "subnet-a", selfEni.NetworkInterfaceId, selfEni.MacAddress.ToLowerInvariant(), "10.0.1.11"), me);
        var peerEni = ec2.GetNetworkInterface(peer.NetworkInterfaceIds[0]);
        Assert.Equal(new AwsPairMember(peer.InstanceId, "us-east-1a", "subnet-a", peerEni.NetworkInterfaceId, peerEni.MacAddress.ToLowerInvariant(), "10.0.1.12"), other);
        Assert.Contains(_simulator.AwsCalls, c => c.Action == "DescribeInstances");
        Assert.True(_simulator.Imds.TokensIssued >= 1, "IMDSv2: reads carry a session token");
    }

    [Fact]
    public async Task Waits_for_a_peer_that_does_not_exist_yet_and_logs_while_waiting()
    {
        var ec2 = _simulator.Ec2;
        var self = ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        ec2.AddInstance("subnet-a", "10.0.1.13", PairTags, state: "terminated");
        var discovery = Discovery(self.InstanceId);

        var search = discovery.FindPeerAsync(Tag, self.InstanceId, CancellationToken.None);
        await Eventually.True(() => _log.Messages(LogLevel.Warning).Any(m => m.Contains("No peer instance tagged rtconaws:pair=edge-a", StringComparison.Ordinal)), "a log line while waiting");
        await Eventually.True(() => _simulator.AwsCalls.Count(c => c.Action == "DescribeInstances") >= 3, "the search is retried");
        Assert.False(search.IsCompleted, "a terminated instance is no peer");

        var peer = ec2.AddInstance("subnet-a", "10.0.1.12", PairTags, state: "pending");

        var found = await search.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((peer.InstanceId, "10.0.1.12"), (found.InstanceId, found.PrivateIpAddress));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("stopped")]
    public async Task A_peer_that_is_booting_or_stopped_is_used_at_once_it_is_only_silent(string state)
    {
        var ec2 = _simulator.Ec2;
        var self = ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var peer = ec2.AddInstance("subnet-b", "10.0.2.12", PairTags, state: state);

        var found = await Discovery(self.InstanceId).FindPeerAsync(Tag, self.InstanceId, CancellationToken.None);

        Assert.Equal((peer.InstanceId, "subnet-b", "us-east-1b", "10.0.2.12"), (found.InstanceId, found.SubnetId, found.AvailabilityZone, found.PrivateIpAddress));
        Assert.Single(_simulator.AwsCalls, c => c.Action == "DescribeInstances");
    }

    [Fact]
    public async Task Waiting_for_the_peer_ends_when_cancelled()
    {
        var self = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        using var cancel = new CancellationTokenSource();

        var search = Discovery(self.InstanceId).FindPeerAsync(Tag, self.InstanceId, cancel.Token);
        await Eventually.True(() => _simulator.AwsCalls.Any(c => c.Action == "DescribeInstances"), "the first search");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Two_other_instances_with_the_tag_are_an_error_naming_both()
    {
        var ec2 = _simulator.Ec2;
        var self = ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var first = ec2.AddInstance("subnet-a", "10.0.1.12", PairTags);
        var second = ec2.AddInstance("subnet-b", "10.0.2.12", PairTags);

        var error = await Assert.ThrowsAsync<AwsPairDiscoveryException>(() => Discovery(self.InstanceId).FindPeerAsync(Tag, self.InstanceId, CancellationToken.None));

        Assert.Contains("--ha-aws-pair-tag rtconaws:pair=edge-a", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.InstanceId, error.Message, StringComparison.Ordinal);
        Assert.Contains(second.InstanceId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_elastic_ip_is_the_one_address_with_the_tag()
    {
        var ec2 = _simulator.Ec2;
        var self = ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        ec2.AllocateAddress("203.0.113.9", new Dictionary<string, string> { ["rtconaws:pair"] = "edge-b" });
        var discovery = Discovery(self.InstanceId);

        var none = await Assert.ThrowsAsync<AwsPairDiscoveryException>(() => discovery.FindElasticIpAsync(Tag, CancellationToken.None));
        Assert.Contains("--ha-aws-allocation-id", none.Message, StringComparison.Ordinal);

        var allocation = ec2.AllocateAddress("203.0.113.10", PairTags);
        Assert.Equal(allocation, await discovery.FindElasticIpAsync(Tag, CancellationToken.None));

        var second = ec2.AllocateAddress("203.0.113.11", PairTags);
        var two = await Assert.ThrowsAsync<AwsPairDiscoveryException>(() => discovery.FindElasticIpAsync(Tag, CancellationToken.None));
        Assert.Contains(second, two.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mac_of_an_interface_comes_from_imds_and_must_be_attached_to_this_instance()
    {
        var ec2 = _simulator.Ec2;
        var self = ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var media = ec2.AddNetworkInterface("subnet-a", "10.0.1.20", self.InstanceId, deviceIndex: 1);
        var elsewhere = ec2.AddNetworkInterface("subnet-a", "10.0.1.21");
        var discovery = Discovery(self.InstanceId);

        Assert.Equal(ec2.GetNetworkInterface(media).MacAddress.ToLowerInvariant(), await discovery.MacAddressOfAsync(media, CancellationToken.None));
        var error = await Assert.ThrowsAsync<AwsPairDiscoveryException>(() => discovery.MacAddressOfAsync(elsewhere, CancellationToken.None));
        Assert.Contains("not attached to this instance", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtconaws:pair=edge-a", "rtconaws:pair", "edge-a")]
    [InlineData("Pair=a=b", "Pair", "a=b")]
    [InlineData("team/voice pair=sbc_1.eu-west-1@x+y", "team/voice pair", "sbc_1.eu-west-1@x+y")]
    public void Pair_tags_split_at_the_first_equals_sign(string text, string key, string value) =>
        Assert.Equal(new AwsPairTag(key, value), AwsPairTag.Parse(text));

    [Theory]
    [InlineData("rtconaws:pair", "KEY=VALUE")]
    [InlineData("=edge-a", "the key")]
    [InlineData("rtconaws:pair=", "the value")]
    [InlineData(" k=v", "the key")]
    [InlineData("aws:cloudformation:stack-name=x", "reserved")]
    [InlineData("rtconaws:pair=edge-*", "'*' is not allowed")]
    [InlineData("rtconaws:pair=edge?", "'?' is not allowed")]
    [InlineData("k=v;rm", "';' is not allowed")]
    public void Malformed_pair_tags_are_refused_naming_the_flag(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AwsPairTag.Parse(text));

        Assert.StartsWith("--ha-aws-pair-tag", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private AwsPairDiscovery Discovery(string instanceId)
    {
        var metadata = new InstanceMetadataClient(new InstanceMetadataOptions { Endpoint = _simulator.ImdsUrl(instanceId) });
        _clients.Add(metadata);
        return new AwsPairDiscovery(metadata, _ec2, TimeProvider.System, _log)
        {
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            WaitLogInterval = TimeSpan.FromMilliseconds(200),
        };
    }
}
