using System.Text.Json;
using Amazon.CDK.Assertions;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class DefaultAppTests(DefaultAppFixture fixture)
{
    [Fact]
    public void Synthesizes_an_environment_agnostic_regional_stack_and_a_global_stack()
    {
        Assert.Equal(["RtcOnAws-Global", "RtcOnAws-Regional"], fixture.App.StackNames.Order());
        var regional = fixture.App.Template("RtcOnAws-Regional");
        regional.ResourceCountIs("AWS::EC2::VPC", 1);
        regional.ResourceCountIs("AWS::EC2::PlacementGroup", 2);
        // One same-AZ pair per AZ.
        regional.ResourceCountIs("AWS::EC2::Instance", 4);
        // Per pair: the floating Elastic IP and each node's egress Elastic IP.
        regional.ResourceCountIs("AWS::EC2::EIPAssociation", 6);
        regional.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        regional.ResourceCountIs("AWS::Lambda::Function", 2);
        // Instance states and WebRTC lifecycle actions; no alarm-state rule, every pair is a high-availability pair.
        regional.ResourceCountIs("AWS::Events::Rule", 2);
        regional.ResourceCountIs("AWS::Route53::HostedZone", 1);
        regional.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 2);
        regional.ResourceCountIs("AWS::AutoScaling::AutoScalingGroup", 1);
        regional.ResourceCountIs("AWS::Shield::Protection", 0);
        var global = fixture.App.Template("RtcOnAws-Global");
        global.ResourceCountIs("AWS::GlobalAccelerator::Accelerator", 1);
        global.ResourceCountIs("AWS::GlobalAccelerator::EndpointGroup", 2);
        global.ResourceCountIs("AWS::Route53::HealthCheck", 1);
        var azs = fixture.App.Resources("RtcOnAws-Regional", "AWS::EC2::Subnet")
            .Select(s => s.Properties.GetProperty("AvailabilityZone").GetRawText()).Distinct().ToList();
        Assert.Equal(2, azs.Count);
        Assert.All(azs, az => Assert.Contains("Fn::GetAZs", az, StringComparison.Ordinal));
    }

    [Fact]
    public void No_iam_statement_in_any_stack_allows_every_action_or_every_ec2_action()
    {
        var statements = fixture.App.Json.Values.SelectMany(IamStatements.In).ToList();
        Assert.NotEmpty(statements);
        foreach (var statement in statements)
        {
            Assert.False(statement.TryGetProperty("NotAction", out _), $"NotAction grants nearly everything: {statement}");
            foreach (var action in IamStatements.Actions(statement))
            {
                Assert.NotEqual("*", action);
                Assert.False(action.Equals("ec2:*", StringComparison.OrdinalIgnoreCase), $"ec2:* in {statement}");
                Assert.False(action.EndsWith(":*", StringComparison.Ordinal) && statement.GetProperty("Effect").GetString() == "Allow", $"service-wide wildcard in {statement}");
            }
        }
    }

    [Fact]
    public void Every_sbc_pair_runs_its_media_nodes_as_a_hot_standby_pair_on_the_regions_store()
    {
        const string stack = "RtcOnAws-Regional";
        var (storeId, _) = Assert.Single(fixture.App.Resources(stack, "AWS::ElastiCache::ReplicationGroup"));
        var instances = fixture.App.Resources(stack, "AWS::EC2::Instance").ToList();
        Assert.Equal(4, instances.Count);
        var prefixes = new HashSet<string>();
        foreach (var (id, _) in instances)
        {
            var execStart = SbcTemplate.Unit(SbcTemplate.UserData(fixture.App, stack, id)).Single(line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
            Assert.Contains($"\"--redis\" \"<GetAtt:{storeId}.PrimaryEndPoint.Address>:<GetAtt:{storeId}.PrimaryEndPoint.Port>/0\" \"--redis-tls\"", execStart, StringComparison.Ordinal);
            Assert.Contains("\"--ha-takeover\" \"aws\" \"--ha-aws-pair-tag\" \"rtconaws:pair=", execStart, StringComparison.Ordinal);
            Assert.Contains("\"--ha-heartbeat-key-file\" \"/etc/rtconaws/heartbeat.key\" \"--freebind\"", execStart, StringComparison.Ordinal);
            prefixes.Add(execStart.Split("\"--redis-key-prefix\" ")[1].Split(' ')[0]);
        }
        // Two pairs share the store: each keeps its calls and its lease under its own prefix.
        Assert.Equal(2, prefixes.Count);

        var secrets = fixture.App.Resources(stack, "AWS::SecretsManager::Secret").Select(s => s.Id).ToList();
        Assert.Equal(2, secrets.Count);
        var secretGrants = IamStatements.In(fixture.App.Json[stack])
            .Where(s => IamStatements.Actions(s).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))).ToList();
        Assert.Equal(2, secretGrants.Count);
        Assert.All(secretGrants, s => Assert.Equal("secretsmanager:GetSecretValue", s.GetProperty("Action").GetString()));
        Assert.Equal(secrets.Order(), secretGrants.Select(s => s.GetProperty("Resource").GetProperty("Ref").GetString()!).Order());

        var endpoints = fixture.App.Resources(stack, "AWS::EC2::VPCEndpoint")
            .Select(e => e.Properties.GetProperty("ServiceName").GetProperty("Fn::Join")[1].EnumerateArray().Last().GetString()).Order().ToList();
        Assert.Equal(new[] { ".ec2", ".monitoring", ".s3", ".secretsmanager" }, endpoints);
    }

    [Fact]
    public void Lifecycle_dns_records_of_the_webrtc_gateways_stay_apart_from_the_sip_records()
    {
        var environments = fixture.App.Resources("RtcOnAws-Regional", "AWS::Lambda::Function")
            .Where(f => f.Properties.TryGetProperty("Environment", out _))
            .Select(f => f.Properties.GetProperty("Environment").GetProperty("Variables"))
            .Where(v => v.TryGetProperty("RTCONAWS_DNS_DOMAIN", out _)).ToList();
        var dns = Assert.Single(environments);
        Assert.Equal("webrtc.voice.example.com", dns.GetProperty("RTCONAWS_DNS_DOMAIN").GetString());
        Assert.Equal("public", dns.GetProperty("RTCONAWS_DNS_ADDRESS").GetString());
        var sipNames = fixture.App.Resources("RtcOnAws-Global", "AWS::Route53::RecordSet").Select(r => r.Properties.GetProperty("Name").GetString()!).ToList();
        Assert.Contains("_sip._udp.voice.example.com.", sipNames);
        Assert.DoesNotContain(sipNames, name => name.EndsWith(".webrtc.voice.example.com.", StringComparison.Ordinal));
    }

    [Fact]
    public void Lambda_code_is_the_repository_build_with_a_source_hash()
    {
        var functions = fixture.App.Resources("RtcOnAws-Regional", "AWS::Lambda::Function").ToList();
        var keys = functions.Select(f => f.Properties.GetProperty("Code").GetProperty("S3Key").GetRawText()).ToList();
        Assert.Equal(2, keys.Distinct().Count());
        var manifest = File.ReadAllText(Directory.GetFiles(fixture.App.App.Outdir, "RtcOnAws-Regional.assets.json").Single());
        Assert.Contains("RtcOnAws.Functions.FloatingIpFailover", manifest, StringComparison.Ordinal);
        Assert.Contains("RtcOnAws.Functions.LifecycleDns", manifest, StringComparison.Ordinal);
    }
}
