using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class WebRtcGatewayTests(EdgeFixture fixture)
{
    private Template Edge => fixture.App.Template(EdgeFixture.Edge);

    [Fact]
    public void Is_an_https_alb_with_a_websocket_friendly_idle_timeout()
    {
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Type"] = "application",
            ["LoadBalancerAttributes"] = Match.ArrayWith([new Dictionary<string, object> { ["Key"] = "idle_timeout.timeout_seconds", ["Value"] = "3600" }]),
        }));
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Port"] = 443,
            ["Protocol"] = "HTTPS",
            ["Certificates"] = new object[] { new Dictionary<string, object> { ["CertificateArn"] = EdgeFixture.CertificateArn } },
        }));
    }

    [Fact]
    public void Sticks_sessions_with_the_load_balancer_cookie()
    {
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Protocol"] = "HTTP",
            ["TargetGroupAttributes"] = Match.ArrayWith(
            [
                new Dictionary<string, object> { ["Key"] = "stickiness.enabled", ["Value"] = "true" },
                new Dictionary<string, object> { ["Key"] = "stickiness.type", ["Value"] = "lb_cookie" },
            ]),
        }));
    }

    [Fact]
    public void Scales_an_imdsv2_launch_template_group_across_azs_by_cpu_target()
    {
        Edge.ResourceCountIs("AWS::AutoScaling::LaunchConfiguration", 0);
        Edge.HasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["MinSize"] = "2", ["MaxSize"] = "6", ["HealthCheckType"] = "ELB",
        }));
        var group = fixture.App.Resources(EdgeFixture.Edge, "AWS::AutoScaling::AutoScalingGroup").Single().Properties;
        Assert.Equal(2, group.GetProperty("VPCZoneIdentifier").GetArrayLength());
        Edge.HasResourceProperties("AWS::EC2::LaunchTemplate", Match.ObjectLike(new Dictionary<string, object>
        {
            ["LaunchTemplateData"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["InstanceType"] = "c5.large",
                ["MetadataOptions"] = Match.ObjectLike(new Dictionary<string, object> { ["HttpTokens"] = "required" }),
            }),
        }));
        Edge.HasResourceProperties("AWS::AutoScaling::ScalingPolicy", Match.ObjectLike(new Dictionary<string, object>
        {
            ["PolicyType"] = "TargetTrackingScaling",
            ["TargetTrackingConfiguration"] = Match.ObjectLike(new Dictionary<string, object> { ["TargetValue"] = 60 }),
        }));
    }

    [Fact]
    public void Gets_no_lifecycle_hooks_and_no_dns_records_of_its_instances()
    {
        // Browsers reach the gateways only through the load balancer's name: per-instance A or SIP SRV records would point
        // at ports the gateways do not serve to the internet.
        Edge.ResourceCountIs("AWS::AutoScaling::LifecycleHook", 0);
        Assert.Null(fixture.Failover.LifecycleDnsFunction);
        Edge.ResourceCountIs("AWS::Route53::RecordSet", 0);
    }

    [Fact]
    public void The_health_check_requests_the_path_kamailio_answers_on_the_traffic_port()
    {
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Port"] = 8080,
            ["HealthCheckPath"] = "/health",
            ["Matcher"] = new Dictionary<string, object> { ["HttpCode"] = "200" },
        }));
        Assert.Contains("if ($hu == \"/health\") {", fixture.WebRtcGateway.Config.Text, StringComparison.Ordinal);
        Assert.Contains("listen=tcp:@RTCONAWS_GATEWAY_ADDRESS@:8080\n", fixture.WebRtcGateway.Config.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Instances_install_kamailio_with_its_websocket_modules_and_run_the_rendered_config()
    {
        var userData = GatewayUserData();

        Assert.Contains("apt-get install -y -q --no-install-recommends kamailio kamailio-websocket-modules kamailio-autheph-modules awscli curl", userData, StringComparison.Ordinal);
        Assert.Equal(fixture.WebRtcGateway.Config.Text.TrimEnd('\n'), SbcTemplate.KamailioConfig(userData).TrimEnd('\n'));
        Assert.Contains("http://169.254.169.254/latest/meta-data/local-ipv4", userData, StringComparison.Ordinal);
        Assert.Contains("sed -i \"s/@RTCONAWS_GATEWAY_ADDRESS@/$local_ipv4/g\" /etc/rtconaws/kamailio.cfg", userData, StringComparison.Ordinal);
        Assert.Contains("/usr/sbin/kamailio -c -f /etc/rtconaws/kamailio.cfg", userData, StringComparison.Ordinal);
        Assert.EndsWith("systemctl restart rtconaws-kamailio.service", userData.TrimEnd(), StringComparison.Ordinal);
        // Every SBC pair's floating address is a dispatcher destination.
        var dispatcher = SbcTemplate.Between(userData, "cat > /etc/rtconaws/dispatcher.list <<'DISPATCHER'\n", "\nDISPATCHER\n");
        Assert.Equal(2, dispatcher.Count);
        Assert.All(dispatcher, line => Assert.Matches("^1 sip:<(Ref|GetAtt|Select0):[^>]+>:5060;transport=udp$", line));
    }

    [Fact]
    public async Task The_user_data_is_valid_bash_and_systemd_accepts_the_unit()
    {
        var folder = Directory.CreateTempSubdirectory("rtconaws-gateway-user-data-").FullName;
        try
        {
            var userData = SbcTemplate.WithAddresses(GatewayUserData());
            var script = Path.Combine(folder, "user-data.sh");
            await File.WriteAllTextAsync(script, userData);
            var (bashExit, bashOutput) = await ProcessRunner.RunAsync("bash", ["-n", script], folder, TimeSpan.FromSeconds(30));
            Assert.True(bashExit == 0, bashOutput);

            var unit = Path.Combine(folder, RtcOnAws.Sbc.Contracts.SbcPaths.KamailioService);
            await File.WriteAllLinesAsync(unit, SbcTemplate.Unit(userData, RtcOnAws.Sbc.Contracts.SbcPaths.KamailioService));
            var (exitCode, output) = await ProcessRunner.RunAsync("systemd-analyze", ["verify", unit], folder, TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0 && output.Trim().Length == 0, $"exit {exitCode}: {output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Kamailio_accepts_the_config_the_user_data_writes_once_the_address_is_in()
    {
        var folder = Directory.CreateTempSubdirectory("rtconaws-gateway-kamailio-").FullName;
        try
        {
            var userData = SbcTemplate.WithAddresses(GatewayUserData());
            var dispatcher = Path.Combine(folder, "dispatcher.list");
            await File.WriteAllLinesAsync(dispatcher, SbcTemplate.Between(userData, "cat > /etc/rtconaws/dispatcher.list <<'DISPATCHER'\n", "\nDISPATCHER\n"));
            var config = Path.Combine(folder, "kamailio.cfg");
            var secretFile = Path.Combine(folder, "gateway-credentials.cfg");
            await File.WriteAllTextAsync(secretFile, GatewayCredentials.SecretFileText(new string('k', 64)));
            await File.WriteAllTextAsync(config, SbcTemplate.KamailioConfig(userData)
                .Replace(RtcOnAws.Constructs.Edge.WebRtcGateway.AddressPlaceholder, "10.40.0.21", StringComparison.Ordinal)
                .Replace("/etc/rtconaws/dispatcher.list", dispatcher, StringComparison.Ordinal)
                .Replace(SbcPaths.GatewayCredentialSecretFile, secretFile, StringComparison.Ordinal));
            var (exitCode, output) = await ProcessRunner.RunAsync("kamailio", ["-c", "-f", config], folder, TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}: {output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_credential_secret_is_generated_readable_by_the_instances_only_and_never_in_the_config_or_user_data()
    {
        var userData = GatewayUserData();
        var secret = SbcTemplate.LogicalId(fixture.WebRtcGateway.CredentialSecret);

        Edge.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(new Dictionary<string, object>
        {
            ["GenerateSecretString"] = Match.ObjectLike(new Dictionary<string, object> { ["PasswordLength"] = 64, ["ExcludePunctuation"] = true }),
        }));
        var policies = fixture.App.Resources(EdgeFixture.Edge, "AWS::IAM::Policy").Select(p => p.Properties.GetRawText()).ToList();
        Assert.Contains(policies, policy => policy.Contains("secretsmanager:GetSecretValue", StringComparison.Ordinal) && policy.Contains(secret, StringComparison.Ordinal));
        Assert.Contains($"include_file \"{SbcPaths.GatewayCredentialSecretFile}\"", fixture.WebRtcGateway.Config.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", fixture.WebRtcGateway.Config.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("resolve:secretsmanager", userData, StringComparison.Ordinal);
        Assert.Contains("aws secretsmanager get-secret-value", userData, StringComparison.Ordinal);
        // The secret file is written before Kamailio checks the config that includes it.
        Assert.True(userData.IndexOf(SbcPaths.GatewayCredentialSecretFile, StringComparison.Ordinal) < userData.IndexOf("/usr/sbin/kamailio -c", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Q2hhbmdlTWUtbm90LWEtcmVhbC1zZWNyZXQtMDEyMzQ1Njc4OQ==", true)]
    [InlineData("a-secret-with-a-quote\"-that-kamailio-would-misread-xx", false)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_boot_script_writes_the_secret_file_only_for_a_well_formed_secret_and_never_prints_it(string secret, bool accepted)
    {
        var folder = Directory.CreateTempSubdirectory("rtconaws-gateway-secret-").FullName;
        try
        {
            // The user data's own lines, with the AWS CLI replaced by a script that prints the secret as Secrets Manager would.
            var imported = Amazon.CDK.AWS.SecretsManager.Secret.FromSecretCompleteArn(new Stack(SynthesizedApp.NewApp(), "Secret"), "Secret",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-AbCdEf");
            var commands = GatewayCredentialSecret.ConfigCommands(imported, "eu-west-1")
                .Select(line => line.Replace(SbcPaths.ConfigFolder, folder, StringComparison.Ordinal));
            var fakeAws = Path.Combine(folder, "aws");
            await File.WriteAllTextAsync(fakeAws, $"#!/bin/sh\nprintf '%s\\n' '{secret.Replace("'", "'\\''", StringComparison.Ordinal)}'\n");
            File.SetUnixFileMode(fakeAws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var script = Path.Combine(folder, "secret.sh");
            await File.WriteAllTextAsync(script, $"set -euo pipefail\nexport PATH='{folder}':\"$PATH\"\n{string.Join('\n', commands)}\n");

            var (exitCode, output) = await ProcessRunner.RunAsync("bash", [script], folder, TimeSpan.FromSeconds(30));

            var file = Path.Combine(folder, Path.GetFileName(SbcPaths.GatewayCredentialSecretFile));
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            if (accepted)
            {
                Assert.True(exitCode == 0, output);
                Assert.Equal(GatewayCredentials.SecretFileText(secret), await File.ReadAllTextAsync(file));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
            }
            else
            {
                Assert.NotEqual(0, exitCode);
                Assert.False(File.Exists(file));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_sbcs_and_the_gateways_admit_each_others_sip_over_udp()
    {
        var gatewayGroup = SbcTemplate.LogicalId(fixture.WebRtcGateway.InstanceSecurityGroup);
        var ingress = fixture.App.Resources(EdgeFixture.Edge, "AWS::EC2::SecurityGroupIngress").Select(r => r.Properties).ToList();
        Assert.Contains(ingress, rule => rule.GetProperty("IpProtocol").GetString() == "udp" && rule.GetProperty("FromPort").GetInt32() == 5060
            && rule.GetProperty("GroupId").GetRawText().Contains(gatewayGroup, StringComparison.Ordinal)
            && rule.GetProperty("SourceSecurityGroupId").GetRawText().Contains("SbcSecurityGroup", StringComparison.Ordinal));
        Assert.Contains(ingress, rule => rule.GetProperty("IpProtocol").GetString() == "udp" && rule.GetProperty("FromPort").GetInt32() == 5060
            && rule.GetProperty("GroupId").GetRawText().Contains("SbcSecurityGroup", StringComparison.Ordinal)
            && rule.GetProperty("SourceSecurityGroupId").GetRawText().Contains(gatewayGroup, StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_no_pairs_a_bad_domain_and_the_sip_port_as_http_port()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        ValidationAssert.FailsFor(() => new WebRtcGateway(stack, "WebRtc", new WebRtcGatewayProps
        {
            Network = network,
            Certificate = ListenerCertificate.FromArn(EdgeFixture.CertificateArn),
            Pairs = [],
            SipDomain = "not a domain",
            GatewayPort = 5060,
        }), "Pairs", "SipDomain", "GatewayPort");
    }

    private string GatewayUserData()
    {
        var template = fixture.App.Resources(EdgeFixture.Edge, "AWS::EC2::LaunchTemplate")
            .Single(t => t.Properties.GetProperty("LaunchTemplateData").TryGetProperty("UserData", out var userData)
                && userData.GetRawText().Contains("kamailio-websocket-modules", StringComparison.Ordinal));
        return SbcTemplate.UserData(template.Properties.GetProperty("LaunchTemplateData").GetProperty("UserData"));
    }

    [Fact]
    public void Rejects_bad_capacity_timeouts_and_paths_together()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        var pair = new RtcOnAws.Constructs.Sbc.SbcPair(stack, "Pair", new RtcOnAws.Constructs.Sbc.SbcPairProps { Network = network });
        ValidationAssert.FailsFor(() => new WebRtcGateway(stack, "WebRtc", new WebRtcGatewayProps
        {
            Network = network,
            Certificate = ListenerCertificate.FromArn(EdgeFixture.CertificateArn),
            Pairs = [pair],
            SipDomain = "voice.example.com",
            MinCapacity = 4,
            MaxCapacity = 3,
            TargetCpuUtilization = 95,
            IdleTimeout = Duration.Seconds(5000),
            StickinessDuration = Duration.Days(8),
            HealthCheckPath = "health",
            ClientCidrs = ["everyone"],
        }), "MaxCapacity", "TargetCpuUtilization", "IdleTimeout", "StickinessDuration", "HealthCheckPath", "ClientCidrs");
    }

    [Fact]
    public void Rejects_a_missing_certificate()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        ValidationAssert.FailsFor(() => new WebRtcGateway(stack, "WebRtc", new WebRtcGatewayProps
        {
            Network = network,
            Certificate = null!,
            Pairs = [new RtcOnAws.Constructs.Sbc.SbcPair(stack, "Pair", new RtcOnAws.Constructs.Sbc.SbcPairProps { Network = network })],
            SipDomain = "voice.example.com",
        }), "Certificate");
    }

    [Fact]
    public void Writes_access_logs_as_the_regions_elb_account_in_a_stack_with_a_region()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "WithRegion", new Amazon.CDK.StackProps { Env = new Amazon.CDK.Environment { Region = "eu-west-1" } });
        var network = new RtcOnAws.Constructs.Network.RtcNetwork(stack, "Network");
        var gateway = new RtcOnAws.Constructs.Edge.WebRtcGateway(stack, "WebRtc", new RtcOnAws.Constructs.Edge.WebRtcGatewayProps
        {
            Network = network,
            Certificate = Amazon.CDK.AWS.ElasticLoadBalancingV2.ListenerCertificate.FromArn(EdgeFixture.CertificateArn),
            Pairs = [new RtcOnAws.Constructs.Sbc.SbcPair(stack, "Pair", new RtcOnAws.Constructs.Sbc.SbcPairProps { Network = network })],
            SipDomain = "voice.example.com",
        });
        var template = Amazon.CDK.Assertions.Template.FromStack(stack);
        AssertAccessLogsEnabled(template);
        // eu-west-1's Elastic Load Balancing account (AWS's documented list, CDK's region facts).
        var policy = System.Text.Json.JsonSerializer.Serialize(AccessLogsPolicy(template, stack.GetLogicalId((Amazon.CDK.CfnElement)gateway.AccessLogsBucket.Node.DefaultChild!)));
        Assert.Contains(":iam::156460612806:root", policy, StringComparison.Ordinal);
        Assert.Empty(template.FindMappings("RtcOnAwsElbLogDeliveryAccounts"));
    }

    [Fact]
    public void Writes_access_logs_in_a_stack_without_a_region_through_a_region_mapping_and_the_service_principal()
    {
        // The fixture's stack is environment-agnostic, as the default app's is.
        var stack = Amazon.CDK.Stack.Of(fixture.WebRtcGateway);
        var template = Amazon.CDK.Assertions.Template.FromStack(stack);
        AssertAccessLogsEnabled(template);
        var mappings = template.FindMappings("RtcOnAwsElbLogDeliveryAccounts");
        var accounts = (IDictionary<string, object>)Assert.Single(mappings).Value;
        string Account(string region) => (string)((IDictionary<string, object>)accounts[region])["account"];
        Assert.Equal("127311923021", Account("us-east-1"));
        Assert.Equal("156460612806", Account("eu-west-1"));
        // Regions opened after August 2022 have no ELB account: delivery is by the service principal there.
        Assert.Equal("none", Account("eu-central-2"));

        var policy = System.Text.Json.JsonSerializer.Serialize(AccessLogsPolicy(template, stack.GetLogicalId((Amazon.CDK.CfnElement)fixture.WebRtcGateway.AccessLogsBucket.Node.DefaultChild!)));
        Assert.Contains("logdelivery.elasticloadbalancing.amazonaws.com", policy, StringComparison.Ordinal);
        Assert.Contains("Fn::FindInMap", policy, StringComparison.Ordinal);
        Assert.Contains("webrtc-alb/AWSLogs/", policy, StringComparison.Ordinal);
        Assert.Empty(Amazon.CDK.Assertions.Annotations.FromStack(stack).FindWarning("*", Amazon.CDK.Assertions.Match.StringLikeRegexp("access logs")));
    }

    private static void AssertAccessLogsEnabled(Amazon.CDK.Assertions.Template template) =>
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object>
        {
            ["Type"] = "application",
            ["LoadBalancerAttributes"] = Amazon.CDK.Assertions.Match.ArrayWith([
                new Dictionary<string, object> { ["Key"] = "access_logs.s3.enabled", ["Value"] = "true" },
                new Dictionary<string, object> { ["Key"] = "access_logs.s3.prefix", ["Value"] = "webrtc-alb" },
            ]),
        }));

    private static object AccessLogsPolicy(Amazon.CDK.Assertions.Template template, string bucketLogicalId) =>
        template.FindResources("AWS::S3::BucketPolicy").Values
            .Select(r => (IDictionary<string, object>)((IDictionary<string, object>)r)["Properties"])
            .Single(p => System.Text.Json.JsonSerializer.Serialize(p["Bucket"]).Contains(bucketLogicalId, StringComparison.Ordinal))["PolicyDocument"];
}
