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
        // The failover function only: no group is routed to the lifecycle DNS function.
        regional.ResourceCountIs("AWS::Lambda::Function", 1);
        // Instance states; no alarm-state rule, every pair is a high-availability pair.
        regional.ResourceCountIs("AWS::Events::Rule", 1);
        regional.ResourceCountIs("AWS::Route53::HostedZone", 1);
        // The way in is SRV -> per-AZ A -> Elastic IPs; the accelerator path and the WebRTC gateway are opt-in.
        regional.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
        regional.ResourceCountIs("AWS::AutoScaling::AutoScalingGroup", 0);
        regional.ResourceCountIs("AWS::Shield::Protection", 0);
        var global = fixture.App.Template("RtcOnAws-Global");
        global.ResourceCountIs("AWS::GlobalAccelerator::Accelerator", 0);
        // One TCP 5060 check per AZ's Elastic IP, and the region's latency record healthy while either AZ is.
        global.ResourceCountIs("AWS::Route53::HealthCheck", 3);
        global.HasResourceProperties("AWS::Route53::HealthCheck", Match.ObjectLike(new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["Type"] = "CALCULATED", ["HealthThreshold"] = 1 }),
        }));
        Assert.DoesNotContain(fixture.App.Resources("RtcOnAws-Global", "AWS::Route53::RecordSet"),
            r => r.Properties.GetProperty("Name").GetString()!.StartsWith("_sips.", StringComparison.Ordinal));
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
            // The store's address travels with its AUTH token in the config file, never on the command line.
            Assert.DoesNotContain("\"--redis\"", execStart, StringComparison.Ordinal);
            Assert.Contains("\"--redis-tls\"", execStart, StringComparison.Ordinal);
            var userData = SbcTemplate.UserData(fixture.App, stack, id);
            Assert.Contains($"printf 'redis = %s@%s:%s/0\\n' \"$(cat /etc/rtconaws/redis-auth.new)\" '<GetAtt:{storeId}.PrimaryEndPoint.Address>' '<GetAtt:{storeId}.PrimaryEndPoint.Port>' >> /etc/rtconaws/media-node.conf", userData, StringComparison.Ordinal);
            Assert.True(userData.IndexOf("chmod 0640 /etc/rtconaws/media-node.conf", StringComparison.Ordinal) < userData.IndexOf("printf 'redis = ", StringComparison.Ordinal));
            Assert.Contains("\"--ha-takeover\" \"aws\" \"--ha-aws-pair-tag\" \"rtconaws:pair=", execStart, StringComparison.Ordinal);
            Assert.Contains("\"--ha-heartbeat-key-file\" \"/etc/rtconaws/heartbeat.key\" \"--freebind\"", execStart, StringComparison.Ordinal);
            prefixes.Add(execStart.Split("\"--redis-key-prefix\" ")[1].Split(' ')[0]);
        }
        // Two pairs share the store: each keeps its calls and its lease under its own prefix.
        Assert.Equal(2, prefixes.Count);

        // A heartbeat key per pair, and the store's AUTH token, which every pair's role may read.
        var secrets = fixture.App.Resources(stack, "AWS::SecretsManager::Secret").Select(s => s.Id).ToList();
        Assert.Equal(3, secrets.Count);
        var secretGrants = IamStatements.In(fixture.App.Json[stack])
            .Where(s => IamStatements.Actions(s).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))).ToList();
        Assert.Equal(4, secretGrants.Count);
        Assert.All(secretGrants, s => Assert.Equal("secretsmanager:GetSecretValue", s.GetProperty("Action").GetString()));
        Assert.Equal(secrets.Order(), secretGrants.Select(s => s.GetProperty("Resource").GetProperty("Ref").GetString()!).Distinct().Order());
        var (_, group) = Assert.Single(fixture.App.Resources(stack, "AWS::ElastiCache::ReplicationGroup"));
        Assert.Contains("{{resolve:secretsmanager:", group.GetProperty("AuthToken").GetRawText(), StringComparison.Ordinal);

        var endpoints = fixture.App.Resources(stack, "AWS::EC2::VPCEndpoint")
            .Select(e => e.Properties.GetProperty("ServiceName").GetProperty("Fn::Join")[1].EnumerateArray().Last().GetString()).Order().ToList();
        Assert.Equal(new[] { ".ec2", ".ec2messages", ".logs", ".monitoring", ".s3", ".secretsmanager", ".ssm", ".ssmmessages" }, endpoints);
    }

    [Fact]
    public void Lambda_code_is_the_repository_build_with_a_source_hash()
    {
        var (_, function) = Assert.Single(fixture.App.Resources("RtcOnAws-Regional", "AWS::Lambda::Function"));
        Assert.True(function.GetProperty("Code").TryGetProperty("S3Key", out _));
        var manifest = File.ReadAllText(Directory.GetFiles(fixture.App.App.Outdir, "RtcOnAws-Regional.assets.json").Single());
        Assert.Contains("RtcOnAws.Functions.FloatingIpFailover", manifest, StringComparison.Ordinal);
        // Only what is deployed is built: no group follows the lifecycle DNS function in the default app.
        Assert.DoesNotContain("RtcOnAws.Functions.LifecycleDns", manifest, StringComparison.Ordinal);
    }
}
