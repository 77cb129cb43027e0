using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.AwsSimulator;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The daemon with the flags the CDK pair passes: Redis over TLS (a real TLS-only redis-server with a throwaway CA)
/// and <c>--ha-takeover aws --ha-aws-pair-tag</c> against the AWS wire simulator's IMDSv2 and EC2. The peer is in
/// another subnet, so the takeover moves the tagged Elastic IP and touches no network device of this host.
/// </summary>
public sealed class AwsPairDaemonTests : IAsyncLifetime
{
    private const string Prefix = "e2e:";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> PairTags = new() { ["rtconaws:pair"] = "edge-a" };
    private TestCertificateAuthority _ca = null!;
    private RedisServer _redis = null!;
    private AwsWireSimulator _simulator = null!;
    private string _keyFile = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _ca = TestCertificateAuthority.Create("RtcOnAws daemon test CA");
        _redis = await RedisServer.StartAsync(_ca);
        _simulator = await SimulatorEc2.StartAsync();
        _simulator.Ec2.AddSubnet("subnet-a", "us-east-1a", "10.0.1.0/24");
        _simulator.Ec2.AddSubnet("subnet-b", "us-east-1b", "10.0.2.0/24");
        _keyFile = Path.Combine(_ca.Directory, "heartbeat.key");
        await File.WriteAllTextAsync(_keyFile, "0123456789abcdefghijklmnopqrstuv");
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_simulator, _redis, _ca);

    [Fact]
    public async Task A_node_with_the_cdk_flags_finds_its_peer_holds_the_lease_over_tls_writes_calls_and_moves_the_elastic_ip()
    {
        var self = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var peer = _simulator.Ec2.AddInstance("subnet-b", "10.0.2.12", PairTags);
        _simulator.Ec2.AddSecondaryPrivateIp(self.NetworkInterfaceIds[0], "10.0.1.60");
        _simulator.Ec2.AddSecondaryPrivateIp(peer.NetworkInterfaceIds[0], "10.0.2.60");
        var allocation = _simulator.Ec2.AllocateAddress("203.0.113.10", PairTags);
        _simulator.Ec2.AssociateAddress(allocation, peer.NetworkInterfaceIds[0], "10.0.2.60");

        // The heartbeat addresses discovered (the simulated instances' private IPs) are not on this host: loopback instead.
        await using var daemon = await MediaNodeDaemon.StartAsync(20, Environment(self.InstanceId),
            "--redis", $"127.0.0.1:{_redis.Port}/0", "--redis-tls", "--redis-tls-ca-file", _ca.CaFile, "--redis-key-prefix", Prefix,
            "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", _keyFile,
            "--ha-heartbeat-listen", $"127.0.0.1:{FreePorts.Udp()}", "--ha-peer", $"127.0.0.1:{FreePorts.Udp()}",
            "--ha-aws-private-ip", "10.0.1.60",
            "--ha-lease-ttl", "400", "--ha-lease-renew", "40", "--ha-fence-margin", "150", "--ha-heartbeat-timeout", "240", "--ha-heartbeat-interval", "20");

        // The peer never answers heartbeats, so this node takes the lease and the address.
        var deadline = DateTime.UtcNow + Wait;
        while (_simulator.Ec2.GetAddress(allocation).NetworkInterfaceId != self.NetworkInterfaceIds[0] && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var address = _simulator.Ec2.GetAddress(allocation);
        Assert.True(address.NetworkInterfaceId == self.NetworkInterfaceIds[0] && address.PrivateIpAddress == "10.0.1.60",
            $"the Elastic IP is on {address.NetworkInterfaceId}/{address.PrivateIpAddress}\n{daemon.Process.Output}");
        Assert.Contains(_simulator.AwsCalls, c => c.Action == "DescribeInstances");

        var offer = await daemon.Client.RequestAsync(NgClient.Dict(("command", "offer"), ("call-id", "over-tls"), ("from-tag", "a"),
            ("sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n")));
        Assert.Equal("ok", offer["result"]?.AsText());

        await using var reader = await RedisConnections.ConnectAsync(_redis.Endpoint with { Tls = RedisTls.FromCaFile(_ca.CaFile) }, NullLogger.Instance);
        var database = reader.Data.GetDatabase(0);
        deadline = DateTime.UtcNow + Wait;
        while (!(reader.Data.IsConnected && await database.KeyExistsAsync(Prefix + "call:over-tls")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(await database.KeyExistsAsync(Prefix + "call:over-tls"), $"the call was written over TLS\n{daemon.Process.Output}");
        Assert.Equal(System.Environment.MachineName, (string?)await database.StringGetAsync(Prefix + "lease"));
        Assert.Contains("over TLS (CA file", daemon.Process.Output, StringComparison.Ordinal);

        daemon.Process.Terminate();
        Assert.True(await daemon.Process.WaitForExitAsync(Wait), daemon.Process.Output);
        Assert.Equal(0, daemon.Process.ExitCode);
    }

    // Region deliberately absent: the node reads it from IMDS, as on an instance without AWS_REGION.
    private Dictionary<string, string> Environment(string instanceId) => new()
    {
        ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = _simulator.ImdsUrl(instanceId).AbsoluteUri,
        ["AWS_ENDPOINT_URL_EC2"] = _simulator.Url.AbsoluteUri,
        ["AWS_ACCESS_KEY_ID"] = SimulatorEc2.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SimulatorEc2.SecretKey,
        ["AWS_SESSION_TOKEN"] = "",
        ["AWS_REGION"] = "",
        ["AWS_DEFAULT_REGION"] = "",
        ["AWS_CONFIG_FILE"] = "/nonexistent/rtconaws-aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/rtconaws-aws-credentials",
    };
}
