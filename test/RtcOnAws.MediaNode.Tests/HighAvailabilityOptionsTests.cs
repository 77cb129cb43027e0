using System.CommandLine;
using System.Net;
using Amazon.EC2;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.Aws.Imds;
using RtcOnAws.AwsSimulator;
using RtcOnAws.MediaNode.HighAvailability;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The HA flags for AWS: <c>--redis-tls</c>, <c>--redis-tls-ca-file</c> and <c>--ha-aws-pair-tag</c> with what it
/// discovers (IMDSv2 and EC2 of the AWS wire simulator), and explicit flags winning over discovered values.
/// </summary>
public sealed class HighAvailabilityOptionsTests : IAsyncLifetime
{
    private const string Redis = "10.0.9.9:6379/0";
    private static readonly Dictionary<string, string> PairTags = new() { ["rtconaws:pair"] = "edge-a" };
    private readonly List<string> _macsLookedUp = [];
    private readonly List<IDisposable> _clients = [];
    private AwsWireSimulator _simulator = null!;
    private AmazonEC2Client _ec2 = null!;
    private string _keyFile = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorEc2.StartAsync();
        _simulator.Ec2.AddSubnet("subnet-a", "us-east-1a", "10.0.1.0/24");
        _simulator.Ec2.AddSubnet("subnet-b", "us-east-1b", "10.0.2.0/24");
        _ec2 = SimulatorEc2.Client(_simulator);
        _keyFile = Path.Combine(Path.GetTempPath(), $"media-node-hb-{Guid.NewGuid():N}.key");
        await File.WriteAllBytesAsync(_keyFile, new byte[32]);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _ec2.Dispose();
        File.Delete(_keyFile);
        await _simulator.DisposeAsync();
    }

    [Theory]
    [InlineData(new[] { "--redis-tls" }, "--redis-tls")]
    [InlineData(new[] { "--redis", Redis, "--redis-tls-ca-file", "/etc/ssl/certs/ca-certificates.crt" }, "--redis-tls-ca-file is only used with --redis-tls")]
    [InlineData(new[] { "--redis", Redis, "--redis-tls", "--redis-tls-ca-file", "/nonexistent/ca.pem" }, "--redis-tls-ca-file /nonexistent/ca.pem")]
    [InlineData(new[] { "--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "no-equals-sign" }, "--ha-aws-pair-tag 'no-equals-sign' must be KEY=VALUE")]
    [InlineData(new[] { "--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=*" }, "--ha-aws-pair-tag 'rtconaws:pair=*': '*' is not allowed")]
    [InlineData(new[] { "--redis", Redis, "--ha-takeover", "local", "--ha-vip-device", "eth0", "--ha-aws-pair-tag", "k=v" }, "--ha-aws-pair-tag is only used with --ha-takeover aws")]
    [InlineData(new[] { "--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "k=v" }, "--ha-heartbeat-key-file is required")]
    [InlineData(new[] { "--redis", Redis, "--ha-takeover", "aws", "--ha-aws-subnet", "subnet-a" }, "--ha-aws-instance-id is required with --ha-takeover aws (or give --ha-aws-pair-tag")]
    [InlineData(new[] { "--ha-aws-pair-tag", "k=v" }, "need --redis")]
    [InlineData(new[] { "--redis", Redis, "--ha-fence-margin", "30" }, "--ha-lease-renew 5 ms must be positive and at most half of lease TTL minus fence margin (5 ms)")]
    public void Bad_combinations_are_usage_errors_naming_the_flag(string[] args, string expected)
    {
        var errors = MediaNodeCommand.Create([new HighAvailabilityExtension()]).Parse(args).Errors.Select(e => e.Message).ToList();

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Tls_and_the_pair_tag_come_from_the_ini_config_file_like_every_flag()
    {
        var root = MediaNodeCommand.Create([new HighAvailabilityExtension()]);
        var file = Path.Combine(Path.GetTempPath(), $"media-node-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, $"[rtpengine]\nredis = {Redis}\nredis-tls = true\nha-takeover = aws\nha-aws-pair-tag = rtconaws:pair=edge-a\nha-heartbeat-key-file = {_keyFile}\n");
        try
        {
            var known = root.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
            using var warnings = new StringWriter();

            var parse = root.Parse(ConfigFileArguments.Expand(["--config-file", file], known, warnings));

            Assert.Empty(parse.Errors);
            Assert.Empty(warnings.ToString());
            Assert.True(parse.GetValue<bool>("--redis-tls"));
            Assert.Equal("rtconaws:pair=edge-a", parse.GetValue<string>("--ha-aws-pair-tag"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Redis_tls_is_carried_on_the_endpoint_with_the_ca_file()
    {
        var ca = Path.Combine(Path.GetTempPath(), $"media-node-ca-{Guid.NewGuid():N}.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create())
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(ca, certificate.ExportCertificatePem());
        }

        try
        {
            var (options, parse) = Options("--redis", Redis, "--redis-tls", "--redis-tls-ca-file", ca);
            var (plainOptions, plainParse) = Options("--redis", Redis);

            var settings = Settings(options, parse, IPAddress.Loopback, null)!;
            var plain = Settings(plainOptions, plainParse, IPAddress.Loopback, null)!;

            Assert.Equal(ca, settings.Redis.Tls?.CaFile);
            Assert.Null(plain.Redis.Tls);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public async Task In_one_subnet_the_pair_tag_gives_the_peer_heartbeats_and_the_device_with_the_enis_mac()
    {
        var self = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var peer = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.12", PairTags);
        _simulator.Ec2.AddSecondaryPrivateIp(peer.NetworkInterfaceIds[0], "10.0.1.50");
        var selfEni = _simulator.Ec2.GetNetworkInterface(self.NetworkInterfaceIds[0]);
        string[] args = ["--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", _keyFile];
        var (options, parse) = Options(args);

        var context = await Discover(options, parse, Services(self.InstanceId), NullLogger.Instance, CancellationToken.None);
        var settings = Settings(options, parse, IPAddress.Parse("10.0.1.50"), context)!;

        Assert.Equal(IPEndPoint.Parse("10.0.1.11:7000"), settings.Heartbeat!.Listen);
        Assert.Equal(IPEndPoint.Parse("10.0.1.12:7000"), settings.Heartbeat.Peer);
        Assert.Equal([selfEni.MacAddress.ToLowerInvariant()], _macsLookedUp);
        // The address goes on the NIC first (packets arrive as soon as EC2 remaps), then EC2 moves it to our interface.
        Assert.Equal($"local 10.0.1.50 on ens5 + aws SameSubnet to {selfEni.NetworkInterfaceId}", settings.Takeover.Description);
        Assert.Equal(
            (self.InstanceId, "subnet-a", "us-east-1a", peer.InstanceId, "subnet-a", "us-east-1a", selfEni.NetworkInterfaceId),
            (context.Discovered["--ha-aws-instance-id"], context.Discovered["--ha-aws-subnet"], context.Discovered["--ha-aws-az"],
             context.Discovered["--ha-aws-peer-instance-id"], context.Discovered["--ha-aws-peer-subnet"], context.Discovered["--ha-aws-peer-az"],
             context.Discovered["--ha-aws-eni"]));
    }

    [Fact]
    public async Task In_one_subnet_the_moved_private_ip_must_be_the_media_address()
    {
        var self = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        _simulator.Ec2.AddInstance("subnet-a", "10.0.1.12", PairTags);
        var (options, parse) = Options(
            "--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", _keyFile,
            "--ha-aws-private-ip", "10.0.1.77");
        var context = await Discover(options, parse, Services(self.InstanceId), NullLogger.Instance, CancellationToken.None);

        var error = Assert.Throws<FormatException>(() => Settings(options, parse, IPAddress.Parse("10.0.1.50"), context));

        Assert.StartsWith("--ha-aws-private-ip 10.0.1.77 must be the --interface address 10.0.1.50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_flags_win_over_discovered_values_and_a_fully_given_peer_is_not_searched_for()
    {
        var self = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var media = _simulator.Ec2.AddNetworkInterface("subnet-a", "10.0.1.21", self.InstanceId, deviceIndex: 1);
        var (options, parse) = Options(
            "--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", _keyFile,
            "--ha-peer", "10.0.1.99:7100", "--ha-heartbeat-listen", "10.0.1.11:7100",
            "--ha-aws-peer-instance-id", "i-0123456789abcdef0", "--ha-aws-peer-subnet", "subnet-a", "--ha-aws-peer-az", "us-east-1a",
            "--ha-aws-eni", media);

        var context = await Discover(options, parse, Services(self.InstanceId), NullLogger.Instance, CancellationToken.None);
        var settings = Settings(options, parse, IPAddress.Parse("10.0.1.50"), context)!;

        Assert.Equal(IPEndPoint.Parse("10.0.1.11:7100"), settings.Heartbeat!.Listen);
        Assert.Equal(IPEndPoint.Parse("10.0.1.99:7100"), settings.Heartbeat.Peer);
        Assert.DoesNotContain(_simulator.AwsCalls, c => c.Action == "DescribeInstances");
        // The explicit ENI's device is the one whose MAC IMDS reports for that ENI.
        Assert.Equal([_simulator.Ec2.GetNetworkInterface(media).MacAddress.ToLowerInvariant()], _macsLookedUp);
        Assert.Equal($"local 10.0.1.50 on ens6 + aws SameSubnet to {media}", settings.Takeover.Description);

        var (withDevice, withDeviceParse) = Options(
            "--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", _keyFile,
            "--ha-aws-peer-instance-id", "i-0123456789abcdef0", "--ha-aws-peer-subnet", "subnet-a", "--ha-aws-peer-az", "us-east-1a",
            "--ha-peer", "10.0.1.99:7100", "--ha-vip-device", "eth7");
        var explicitDevice = Settings(withDevice, withDeviceParse, IPAddress.Parse("10.0.1.50"), await Discover(withDevice, withDeviceParse, Services(self.InstanceId), NullLogger.Instance, CancellationToken.None))!;
        Assert.Equal($"local 10.0.1.50 on eth7 + aws SameSubnet to {self.NetworkInterfaceIds[0]}", explicitDevice.Takeover.Description);
    }

    [Fact]
    public async Task Across_subnets_the_tagged_elastic_ip_moves_to_our_own_address_and_nothing_is_added_on_the_nic()
    {
        var self = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        var peer = _simulator.Ec2.AddInstance("subnet-b", "10.0.2.12", PairTags);
        _simulator.Ec2.AddSecondaryPrivateIp(self.NetworkInterfaceIds[0], "10.0.1.60");
        _simulator.Ec2.AddSecondaryPrivateIp(peer.NetworkInterfaceIds[0], "10.0.2.60");
        var allocation = _simulator.Ec2.AllocateAddress("203.0.113.10", PairTags);
        _simulator.Ec2.AssociateAddress(allocation, peer.NetworkInterfaceIds[0], "10.0.2.60");
        var (options, parse) = Options("--redis", Redis, "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", _keyFile);

        var context = await Discover(options, parse, Services(self.InstanceId), NullLogger.Instance, CancellationToken.None);
        var settings = Settings(options, parse, IPAddress.Parse("10.0.1.60"), context)!;

        Assert.Equal(allocation, context.Discovered["--ha-aws-allocation-id"]);
        Assert.Empty(_macsLookedUp);
        Assert.Equal($"aws CrossSubnet to {self.NetworkInterfaceIds[0]}", settings.Takeover.Description);
        Assert.Equal(IPEndPoint.Parse("10.0.2.12:7000"), settings.Heartbeat!.Peer);

        await settings.Takeover.AcquireAsync(CancellationToken.None);

        var address = _simulator.Ec2.GetAddress(allocation);
        Assert.Equal((self.NetworkInterfaceIds[0], "10.0.1.60"), (address.NetworkInterfaceId, address.PrivateIpAddress));
    }

    [Fact]
    public async Task A_second_tagged_peer_stops_the_daemon_with_a_start_failure_naming_the_tag()
    {
        var self = _simulator.Ec2.AddInstance("subnet-a", "10.0.1.11", PairTags);
        _simulator.Ec2.AddInstance("subnet-a", "10.0.1.12", PairTags);
        _simulator.Ec2.AddInstance("subnet-a", "10.0.1.13", PairTags);
        var environment = new Dictionary<string, string>
        {
            ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = _simulator.ImdsUrl(self.InstanceId).AbsoluteUri,
            ["AWS_ENDPOINT_URL_EC2"] = _simulator.Url.AbsoluteUri,
            ["AWS_ACCESS_KEY_ID"] = SimulatorEc2.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = SimulatorEc2.SecretKey,
            ["AWS_SESSION_TOKEN"] = "",
            ["AWS_REGION"] = "",
            ["AWS_DEFAULT_REGION"] = "",
            ["AWS_CONFIG_FILE"] = "/nonexistent/rtconaws-aws-config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/rtconaws-aws-credentials",
        };

        await using var process = ChildProcess.StartMediaNode(
            ["--listen-http", "off", "--listen-ng", FreePorts.Udp().ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--redis", "127.0.0.1:9/0", "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", _keyFile],
            environment);

        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("2 other instances carry the tag", process.Output, StringComparison.Ordinal);
    }

    private (HighAvailabilityOptions Options, ParseResult Parse) Options(params string[] args)
    {
        var options = new HighAvailabilityOptions();
        return (options, Parse(options, args));
    }

    private static HighAvailabilitySettings? Settings(HighAvailabilityOptions options, ParseResult parse, IPAddress floatingAddress, AwsTakeoverContext? aws)
    {
        var arguments = options.Resolve(parse);
        return new HighAvailabilityComposition(options).ToSettings(
            aws is null ? arguments : arguments.With(aws.Discovered), floatingAddress, 30000, 30999, new HighAvailabilityStart(NullLoggerFactory.Instance, aws));
    }

    private static Task<AwsTakeoverContext> Discover(HighAvailabilityOptions options, ParseResult parse, AwsTakeoverServices services, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken) =>
        new AwsTakeoverDiscovery(options).DiscoverAsync(options.Resolve(parse), services, logger, cancellationToken);

    private static ParseResult Parse(HighAvailabilityOptions options, params string[] args)
    {
        var root = new RootCommand();
        options.AddTo(root);
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        return parse;
    }

    private AwsTakeoverServices Services(string instanceId)
    {
        var metadata = new InstanceMetadataClient(new InstanceMetadataOptions { Endpoint = _simulator.ImdsUrl(instanceId) });
        _clients.Add(metadata);
        var devices = _simulator.Ec2.GetInstance(instanceId).NetworkInterfaceIds
            .Select(id => _simulator.Ec2.GetNetworkInterface(id))
            .ToDictionary(eni => eni.MacAddress.ToLowerInvariant(), eni => $"ens{5 + eni.DeviceIndex}");
        return new AwsTakeoverServices(metadata, _ec2, mac =>
        {
            _macsLookedUp.Add(mac);
            return devices.GetValueOrDefault(mac);
        }, TimeProvider.System);
    }
}
