using Amazon.EC2;
using Amazon.EC2.Model;
using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.Route53;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>Process-wide environment variables are changed here, so nothing else runs at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>
/// Parameterless clients (ours and AWSSDK.EC2's) take region, endpoint and credentials from the environment, as a Lambda
/// process started with AWS_REGION, AWS_ACCESS_KEY_ID/SECRET/SESSION_TOKEN and AWS_ENDPOINT_URL would.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class EnvironmentConfigurationTests : IAsyncLifetime
{
    private static readonly string[] Variables =
    [
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_ROUTE_53",
        "AWS_ENDPOINT_URL_AUTO_SCALING", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    ];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private AwsWireSimulator _sim = null!;
    private AwsWireSimulator _other = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("eu-north-1");
        _other = await TestSimulator.StartAsync("eu-north-1");
        foreach (var variable in Variables) Environment.SetEnvironmentVariable(variable, null);
    }

    public async Task DisposeAsync()
    {
        foreach (var (variable, value) in _saved) Environment.SetEnvironmentVariable(variable, value);
        await _sim.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task Region_endpoint_and_credentials_come_from_the_standard_variables()
    {
        Environment.SetEnvironmentVariable("AWS_REGION", "eu-north-1");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", _sim.Url.AbsoluteUri);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_ROUTE_53", _other.Url.AbsoluteUri);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", TestSimulator.ClientAccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", TestSimulator.ClientSecretKey);
        var zone = _other.Route53.AddHostedZone("example.com");
        var token = _sim.AutoScaling.AddLifecycleAction("asg", "hook", "i-1");

        using var ec2 = new AmazonEC2Client();
        using var route53 = new AmazonRoute53Client();
        using var autoScaling = new AmazonAutoScalingClient();
        await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());
        await route53.ListResourceRecordSetsAsync(new Route53.Model.ListResourceRecordSetsRequest { HostedZoneId = zone });
        await autoScaling.RecordLifecycleActionHeartbeatAsync(new AutoScaling.Model.RecordLifecycleActionHeartbeatRequest
        {
            AutoScalingGroupName = "asg", LifecycleHookName = "hook", LifecycleActionToken = token,
        });

        Assert.Equal(["DescribeInstances", "RecordLifecycleActionHeartbeat"], _sim.AwsCalls.Select(c => c.Action));
        Assert.Equal(["ListResourceRecordSets"], _other.AwsCalls.Select(c => c.Action));
        Assert.All(_sim.AwsCalls.Concat(_other.AwsCalls), c => Assert.Null(c.ErrorCode));
    }

    [Fact]
    public void A_missing_region_is_a_clear_error_except_for_route53()
    {
        var error = Assert.Throws<ArgumentException>(() => new AmazonAutoScalingClient());
        using var route53 = new AmazonRoute53Client();

        Assert.Contains("AWS_REGION", error.Message);
    }

    [Fact]
    public void A_malformed_endpoint_variable_names_the_variable()
    {
        Environment.SetEnvironmentVariable("AWS_REGION", "eu-north-1");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_AUTO_SCALING", "not a url");

        var error = Assert.Throws<ArgumentException>(() => new AmazonAutoScalingClient());

        Assert.Contains("AWS_ENDPOINT_URL", error.Message);
        Assert.Contains("not a url", error.Message);
    }
}
