using System.Net;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.Aws.Imds;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>IMDSv2 client against the simulator's per-instance IMDS.</summary>
public sealed class InstanceMetadataClientTests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("eu-west-1");
        _sim.Ec2.AddSubnet("subnet-aaa", "eu-west-1b", "10.0.1.0/24");
        _sim.Ec2.AddSubnet("subnet-ccc", "eu-west-1b", "10.0.3.0/24");
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Reads_identity_placement_and_interfaces_with_one_reused_token()
    {
        var node = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var media = _sim.Ec2.AddNetworkInterface("subnet-ccc", "10.0.3.10", node.InstanceId, deviceIndex: 1);
        _sim.Ec2.AddSecondaryPrivateIp(media, "10.0.3.50");
        using var imds = new InstanceMetadataClient(new InstanceMetadataOptions { Endpoint = _sim.ImdsUrl(node.InstanceId) });

        var instanceId = await imds.GetInstanceIdAsync();
        var region = await imds.GetRegionAsync();
        var zone = await imds.GetAvailabilityZoneAsync();
        var interfaces = await imds.GetNetworkInterfacesAsync();
        var localIp = await imds.GetMetadataAsync("local-ipv4");

        Assert.Equal((node.InstanceId, "eu-west-1", "eu-west-1b", "10.0.1.10"), (instanceId, region, zone, localIp));
        Assert.Equal(2, interfaces.Count);
        Assert.Equal((node.NetworkInterfaceIds[0], 0, "subnet-aaa"), (interfaces[0].NetworkInterfaceId, interfaces[0].DeviceNumber, interfaces[0].SubnetId));
        Assert.Equal(["10.0.1.10"], interfaces[0].PrivateIpAddresses);
        Assert.Equal((media, 1, "subnet-ccc"), (interfaces[1].NetworkInterfaceId, interfaces[1].DeviceNumber, interfaces[1].SubnetId));
        Assert.Equal(["10.0.3.10", "10.0.3.50"], interfaces[1].PrivateIpAddresses);
        Assert.Equal(_sim.Ec2.GetNetworkInterface(media).MacAddress, interfaces[1].MacAddress);
        Assert.Equal(1, _sim.Imds.TokensIssued);
        Assert.True(_sim.Imds.MetadataReads >= 10);
    }

    [Fact]
    public async Task A_token_is_reused_until_near_expiry_then_renewed()
    {
        var node = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var clock = new FakeTimeProvider();
        using var imds = new InstanceMetadataClient(new InstanceMetadataOptions
        {
            Endpoint = _sim.ImdsUrl(node.InstanceId),
            TokenTtl = TimeSpan.FromMinutes(10),
            TokenRefreshMargin = TimeSpan.FromMinutes(1),
            TimeProvider = clock,
        });

        await imds.GetInstanceIdAsync();
        clock.Advance(TimeSpan.FromMinutes(8.9));
        await imds.GetInstanceIdAsync();
        var beforeMargin = _sim.Imds.TokensIssued;
        clock.Advance(TimeSpan.FromMinutes(0.2));
        await imds.GetInstanceIdAsync();

        Assert.Equal(1, beforeMargin);
        Assert.Equal(2, _sim.Imds.TokensIssued);
        Assert.Contains(_sim.Calls, c => c.Service == "imds" && c.Action == "latest/api/token");
    }

    [Fact]
    public async Task A_request_without_an_answer_fails_at_the_timeout_on_the_configured_clock()
    {
        var clock = new FakeTimeProvider();
        var transport = new HangingHandler();
        using var http = new HttpClient(transport) { Timeout = Timeout.InfiniteTimeSpan };
        using var imds = new InstanceMetadataClient(new InstanceMetadataOptions
        {
            Endpoint = new Uri("http://169.254.169.254/"),
            RequestTimeout = TimeSpan.FromSeconds(2),
            HttpClient = http,
            TimeProvider = clock,
        });

        var read = imds.GetInstanceIdAsync();
        await transport.RequestSent;
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(read.IsCompleted, "the request was cut off before its timeout");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<InstanceMetadataException>(() => read);
        Assert.Equal("latest/api/token", error.Path);
        Assert.Contains("no answer within 2000 ms", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, transport.Requests);
    }

    [Fact]
    public async Task A_revoked_token_is_replaced_after_a_401()
    {
        var node = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        using var imds = new InstanceMetadataClient(new InstanceMetadataOptions { Endpoint = _sim.ImdsUrl(node.InstanceId) });
        await imds.GetInstanceIdAsync();

        _sim.Imds.RevokeAllTokens();
        var id = await imds.GetInstanceIdAsync();

        Assert.Equal(node.InstanceId, id);
        Assert.Equal(2, _sim.Imds.TokensIssued);
        Assert.Contains(_sim.Calls, c => c.Service == "imds" && c.StatusCode == 401);
    }

    [Fact]
    public async Task Interfaces_reflect_a_completed_remap()
    {
        var active = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var standby = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11");
        _sim.Ec2.AddSecondaryPrivateIp(active.NetworkInterfaceIds[0], "10.0.1.50");
        using var ec2 = TestClients.Ec2(_sim);
        using var imds = new InstanceMetadataClient(new InstanceMetadataOptions { Endpoint = _sim.ImdsUrl(standby.InstanceId) });

        await ec2.AssignPrivateIpAddressesAsync(new Amazon.EC2.Model.AssignPrivateIpAddressesRequest
        {
            NetworkInterfaceId = standby.NetworkInterfaceIds[0], PrivateIpAddresses = ["10.0.1.50"], AllowReassignment = true,
        });

        Assert.Equal(["10.0.1.11", "10.0.1.50"], (await imds.GetNetworkInterfacesAsync()).Single().PrivateIpAddresses);
    }

    [Fact]
    public async Task The_simulated_IMDS_requires_IMDSv2_tokens_like_an_instance_with_HttpTokens_required()
    {
        var node = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var other = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11");
        using var http = new HttpClient();

        using var v1 = await http.GetAsync(new Uri(_sim.ImdsUrl(node.InstanceId), "latest/meta-data/instance-id"));
        using var noTtl = await http.PutAsync(new Uri(_sim.ImdsUrl(node.InstanceId), "latest/api/token"), null);
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, new Uri(_sim.ImdsUrl(other.InstanceId), "latest/api/token"));
        tokenRequest.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "60");
        using var otherToken = await http.SendAsync(tokenRequest);
        using var crossInstance = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.ImdsUrl(node.InstanceId), "latest/meta-data/instance-id"));
        crossInstance.Headers.Add("X-aws-ec2-metadata-token", await otherToken.Content.ReadAsStringAsync());
        using var crossAnswer = await http.SendAsync(crossInstance);

        Assert.Equal(HttpStatusCode.Unauthorized, v1.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noTtl.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, crossAnswer.StatusCode);
    }

    [Fact]
    public async Task Missing_paths_and_unreachable_endpoints_raise_InstanceMetadataException()
    {
        var node = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        using var imds = new InstanceMetadataClient(new InstanceMetadataOptions { Endpoint = _sim.ImdsUrl(node.InstanceId) });
        using var nowhere = new InstanceMetadataClient(new InstanceMetadataOptions
        {
            Endpoint = new Uri("http://127.0.0.1:9/"),
            RequestTimeout = TimeSpan.FromSeconds(5),
        });

        var missing = await Assert.ThrowsAsync<InstanceMetadataException>(() => imds.GetMetadataAsync("no/such/path"));
        var unreachable = await Assert.ThrowsAsync<InstanceMetadataException>(() => nowhere.GetInstanceIdAsync());

        Assert.Equal((HttpStatusCode.NotFound, "no/such/path"), (missing.StatusCode, missing.Path));
        Assert.Null(unreachable.StatusCode);
        Assert.Equal("latest/api/token", unreachable.Path);
    }
}
