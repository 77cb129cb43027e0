using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;
using RtcOnAws.Constructs.State;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class HighAvailabilityPairTests(ConstructsFixture fixture)
{
    private const string Stack = ConstructsFixture.WithHighAvailability;
    private const string KeyFile = SbcPaths.HeartbeatKeyFile;

    [Fact]
    public void Exec_start_runs_both_nodes_on_the_store_over_tls_with_aws_takeover_before_the_extra_arguments()
    {
        var pair = fixture.HaPair;
        var store = SbcTemplate.LogicalId(fixture.HaSessionStore.ReplicationGroup);
        foreach (var node in pair.Nodes)
        {
            var execStart = Assert.Single(SbcTemplate.Unit(UserData(node)), line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
            Assert.Equal(
                $"ExecStart={SbcPaths.MediaNodeInstallFolder}/RtcOnAws.MediaNode \"--config-file\" \"{SbcPaths.MediaNodeConfigFile}\" " +
                $"\"--redis\" \"<GetAtt:{store}.PrimaryEndPoint.Address>:<GetAtt:{store}.PrimaryEndPoint.Port>/0\" \"--redis-tls\" " +
                $"\"--redis-key-prefix\" \"rtconaws:{pair.PairId}:\" \"--ha-takeover\" \"aws\" " +
                $"\"--ha-aws-pair-tag\" \"{SbcTags.PairTagKey}={pair.PairId}\" \"--ha-heartbeat-key-file\" \"{KeyFile}\" \"--freebind\" " +
                "\"--ha-heartbeat-interval\" \"20\" \"--ha-heartbeat-timeout\" \"150\" \"--ha-lease-ttl\" \"400\" \"--ha-lease-renew\" \"50\" \"--ha-fence-margin\" \"150\" " +
                "\"--log-level\" \"debug\"",
                execStart);
        }
        Assert.True(pair.HighAvailability);
        Assert.Same(fixture.HaSessionStore, pair.SessionStore);
    }

    [Fact]
    public void Timers_default_to_conservative_values_for_a_takeover_through_the_ec2_api()
    {
        foreach (var node in fixture.HaPairWithOwnKey.Nodes)
        {
            var execStart = Assert.Single(SbcTemplate.Unit(UserData(node)), line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
            Assert.EndsWith(
                "\"--ha-heartbeat-interval\" \"20\" \"--ha-heartbeat-timeout\" \"150\" \"--ha-lease-ttl\" \"300\" \"--ha-lease-renew\" \"50\" \"--ha-fence-margin\" \"100\"",
                execStart, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rejects_timers_the_media_node_would_refuse_and_timers_without_a_session_store()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        var store = new SessionStore(stack, "Store", new SessionStoreProps { Network = network });
        var error = ValidationAssert.FailsFor(() => new SbcPair(stack, "Pair", new SbcPairProps
        {
            Network = network, MediaNodeCode = Artifact(stack), SessionStore = store,
            HighAvailabilityTimers = new MediaNodeHaTimers
            {
                HeartbeatInterval = Duration.Millis(100), HeartbeatTimeout = Duration.Millis(150),
                LeaseTtl = Duration.Millis(300), LeaseRenew = Duration.Millis(120), FenceMargin = Duration.Millis(100),
            },
        }), "HighAvailabilityTimers.HeartbeatInterval", "HighAvailabilityTimers.LeaseRenew");
        Assert.Contains("half of LeaseTtl minus FenceMargin (200 ms)", error.Message, StringComparison.Ordinal);

        ValidationAssert.FailsFor(() => new SbcPair(stack, "Pair2", new SbcPairProps
        {
            Network = network, MediaNodeCode = Artifact(stack), SessionStore = store,
            HighAvailabilityTimers = new MediaNodeHaTimers { LeaseTtl = Duration.Millis(10), FenceMargin = Duration.Millis(10), HeartbeatTimeout = Duration.Millis(8), HeartbeatInterval = Duration.Millis(4.5) },
        }), "HighAvailabilityTimers.LeaseTtl", "HighAvailabilityTimers.FenceMargin", "HighAvailabilityTimers.HeartbeatTimeout",
            "HighAvailabilityTimers.HeartbeatInterval", "HighAvailabilityTimers.HeartbeatInterval");

        ValidationAssert.FailsFor(() => new SbcPair(stack, "NoStore", new SbcPairProps
        {
            Network = network, MediaNodeCode = Artifact(stack), HighAvailabilityTimers = new MediaNodeHaTimers(),
        }), "HighAvailabilityTimers");
    }

    [Fact]
    public void Pairs_on_one_store_get_their_own_key_prefix_and_pair_tag_on_both_instances()
    {
        var pairs = new[] { fixture.HaPair, fixture.HaPairWithOwnKey };
        Assert.NotEqual(pairs[0].PairId, pairs[1].PairId);
        foreach (var pair in pairs)
        {
            foreach (var node in pair.Nodes)
            {
                var tags = Properties(node.Instance.Node.DefaultChild!).GetProperty("Tags").EnumerateArray()
                    .Where(t => t.GetProperty("Value").ValueKind == JsonValueKind.String)
                    .ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!);
                Assert.Equal(pair.PairId, tags[SbcTags.PairTagKey]);
                var userData = UserData(node);
                Assert.Contains($"\"--ha-aws-pair-tag\" \"{SbcTags.PairTagKey}={tags[SbcTags.PairTagKey]}\"", userData, StringComparison.Ordinal);
                Assert.Contains($"\"--redis-key-prefix\" \"{MediaNodeHaLaunch.RedisKeyPrefix(pair.PairId)}\"", userData, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Creates_a_generated_alphanumeric_heartbeat_key_secret_unless_one_is_brought()
    {
        var secrets = fixture.App.Resources(Stack, "AWS::SecretsManager::Secret").ToList();
        var (id, properties) = Assert.Single(secrets);
        Assert.Equal(SbcTemplate.LogicalId(fixture.HaPair.HeartbeatKeySecret!), id);
        var generate = properties.GetProperty("GenerateSecretString");
        Assert.True(generate.GetProperty("PasswordLength").GetInt32() >= 32);
        Assert.True(generate.GetProperty("ExcludePunctuation").GetBoolean());
        Assert.False(generate.GetProperty("IncludeSpace").GetBoolean());
        // The secret string is the key itself, not a JSON document with the key in a field.
        Assert.False(generate.TryGetProperty("GenerateStringKey", out _));
        Assert.False(generate.TryGetProperty("SecretStringTemplate", out _));

        Assert.Contains(":secret:" + ConstructsFixture.OwnHeartbeatKeyName, Resolve(fixture.HaPairWithOwnKey.HeartbeatKeySecret!.SecretArn), StringComparison.Ordinal);
        Assert.Null(fixture.StandalonePairBesideHa.HeartbeatKeySecret);
    }

    [Fact]
    public void User_data_writes_the_key_owner_only_without_printing_it_before_the_media_node_starts()
    {
        var userData = UserData(fixture.HaPair.Active);
        var secretId = SbcTemplate.LogicalId(fixture.HaPair.HeartbeatKeySecret!);
        var fetch = Assert.Single(userData.Split('\n'), line => line.Contains("secretsmanager get-secret-value", StringComparison.Ordinal));
        Assert.Contains("(umask 077 && ", fetch, StringComparison.Ordinal);
        Assert.Contains($"--secret-id <Ref:{secretId}> --query SecretString --output text | tr -d '\\r\\n' > {KeyFile}.new)", fetch, StringComparison.Ordinal);
        Assert.Contains($"chown {SbcPaths.MediaNodeUser}:{SbcPaths.MediaNodeUser} {KeyFile}.new && chmod 0400 {KeyFile}.new && mv -f {KeyFile}.new {KeyFile}", userData, StringComparison.Ordinal);
        Assert.Contains($"[ \"$(wc -c < {KeyFile}.new)\" -ge 16 ]", userData, StringComparison.Ordinal);
        // Never traced, never echoed: the value only ever flows from the CLI into the file.
        Assert.DoesNotContain("set -x", userData, StringComparison.Ordinal);
        Assert.DoesNotContain(userData.Split('\n'), line => line.Contains("echo", StringComparison.Ordinal) && line.Contains("SecretString", StringComparison.Ordinal));

        var useradd = userData.IndexOf("useradd --system", StringComparison.Ordinal);
        var key = userData.IndexOf("secretsmanager get-secret-value", StringComparison.Ordinal);
        var restart = userData.IndexOf($"systemctl restart {SbcPaths.MediaNodeService}", StringComparison.Ordinal);
        Assert.True(useradd >= 0 && useradd < key && key < restart, $"order: useradd {useradd}, key {key}, restart {restart}");
    }

    [Fact]
    public void Role_may_get_exactly_its_own_heartbeat_key_and_nothing_else_from_secrets_manager()
    {
        var created = Assert.Single(RoleStatements(fixture.HaPair), IsSecretsManager);
        Assert.Equal("secretsmanager:GetSecretValue", created.GetProperty("Action").GetString());
        Assert.Equal(SbcTemplate.LogicalId(fixture.HaPair.HeartbeatKeySecret!), created.GetProperty("Resource").GetProperty("Ref").GetString());

        // A secret imported by name has a partial ARN: the grant covers exactly the six characters Secrets Manager appends.
        var brought = Assert.Single(RoleStatements(fixture.HaPairWithOwnKey), IsSecretsManager);
        Assert.Equal("secretsmanager:GetSecretValue", brought.GetProperty("Action").GetString());
        Assert.EndsWith($":secret:{ConstructsFixture.OwnHeartbeatKeyName}-??????\"]]}}", JsonSerializer.Serialize(brought.GetProperty("Resource")), StringComparison.Ordinal);

        Assert.DoesNotContain(RoleStatements(fixture.StandalonePairBesideHa), IsSecretsManager);
    }

    [Fact]
    public void Role_allows_the_takeover_only_on_the_pairs_own_enis_and_describe_calls_on_star()
    {
        var pair = fixture.HaPair;
        var statements = RoleStatements(pair).ToList();
        var move = Assert.Single(statements, s => IamStatements.Actions(s).Contains("ec2:AssignPrivateIpAddresses"));
        Assert.Equal(new[] { "ec2:AssignPrivateIpAddresses" }, IamStatements.Actions(move));
        var enis = move.GetProperty("Resource").EnumerateArray().Select(r => r.GetRawText()).ToList();
        Assert.Equal(2, enis.Count);
        foreach (var node in pair.Nodes)
        {
            Assert.Single(enis, r => r.Contains(":network-interface/", StringComparison.Ordinal) && r.Contains($"\"{SbcTemplate.LogicalId(node.NetworkInterface)}\"", StringComparison.Ordinal));
        }

        var describe = Assert.Single(statements, s => IamStatements.Actions(s).Contains("ec2:DescribeInstances"));
        Assert.Equal(new[] { "ec2:DescribeAddresses", "ec2:DescribeInstanceStatus", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces" }, IamStatements.Actions(describe).Order(StringComparer.Ordinal));
        Assert.Equal("*", describe.GetProperty("Resource").GetString());
        // Describe calls support no resource-level scoping; nothing else of EC2 may be allowed on every resource.
        Assert.All(statements.Where(s => s.GetProperty("Resource").ValueKind == JsonValueKind.String && s.GetProperty("Resource").GetString() == "*"),
            s => Assert.All(IamStatements.Actions(s), a => Assert.True(a.StartsWith("ec2:Describe", StringComparison.Ordinal) || a == "cloudwatch:PutMetricData", a)));

        var tagging = Assert.Single(statements, s => IamStatements.Actions(s).Contains("ec2:CreateTags"));
        Assert.Equal(pair.PairId, tagging.GetProperty("Condition").GetProperty("StringEquals").GetProperty($"aws:ResourceTag/{SbcTags.PairTagKey}").GetString());

        var actions = statements.SelectMany(IamStatements.Actions).ToList();
        Assert.DoesNotContain(actions, a => a.Contains('*', StringComparison.Ordinal));
        Assert.DoesNotContain("ec2:AssociateAddress", actions);
        Assert.DoesNotContain("ec2:UnassignPrivateIpAddresses", actions);
    }

    [Fact]
    public void Only_the_ha_unit_gets_network_capabilities_and_high_priority_and_it_stays_unprivileged()
    {
        var ha = SbcTemplate.Unit(UserData(fixture.HaPair.Standby));
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW", ha);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW", ha);
        Assert.Contains("LimitNICE=-15", ha);
        Assert.Contains($"User={SbcPaths.MediaNodeUser}", ha);
        Assert.Contains("NoNewPrivileges=yes", ha);
        Assert.DoesNotContain("User=root", ha);

        var standalone = SbcTemplate.Unit(UserData(fixture.StandalonePairBesideHa.Active));
        Assert.DoesNotContain(standalone, line =>
            line.StartsWith("AmbientCapabilities", StringComparison.Ordinal) || line.StartsWith("CapabilityBoundingSet", StringComparison.Ordinal) ||
            line.StartsWith("LimitNICE", StringComparison.Ordinal));
        var execStart = Assert.Single(standalone, line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.Equal($"ExecStart={SbcPaths.MediaNodeInstallFolder}/RtcOnAws.MediaNode \"--config-file\" \"{SbcPaths.MediaNodeConfigFile}\"", execStart);
        Assert.DoesNotContain("secretsmanager", UserData(fixture.StandalonePairBesideHa.Active), StringComparison.Ordinal);
        Assert.False(fixture.StandalonePairBesideHa.HighAvailability);
    }

    [Fact]
    public void Failover_function_gets_no_alarms_of_ha_pairs_but_still_their_instance_state_changes()
    {
        Assert.Empty(fixture.HaPair.FailoverAlarms);
        Assert.Empty(fixture.HaPairWithOwnKey.FailoverAlarms);
        Assert.Equal(4, fixture.StandalonePairBesideHa.FailoverAlarms.Count);
        // The alarms themselves stay, for paging.
        Assert.Equal(3 * 6, fixture.App.Resources(Stack, "AWS::CloudWatch::Alarm").Count());

        var resources = fixture.App.Json[Stack].GetProperty("Resources");
        var alarmRule = resources.GetProperty(SbcTemplate.LogicalId(fixture.HaFailover.AlarmStateRule!)).GetProperty("Properties").GetProperty("EventPattern");
        var routed = alarmRule.GetProperty("resources").EnumerateArray().Select(a => a.GetProperty("Fn::GetAtt")[0].GetString()).Order().ToList();
        Assert.Equal(fixture.StandalonePairBesideHa.FailoverAlarms.Select(a => SbcTemplate.LogicalId(a)).Order(), routed);

        // A stopping or terminated instance cannot be forwarding, so moving its address stays safe with HA.
        var instanceRule = resources.GetProperty(SbcTemplate.LogicalId(fixture.HaFailover.InstanceStateRule)).GetProperty("Properties").GetProperty("EventPattern");
        Assert.Equal(6, instanceRule.GetProperty("detail").GetProperty("instance-id").GetArrayLength());
    }

    [Fact]
    public void Private_nodes_reach_ec2_and_secrets_manager_through_endpoints_created_once_and_start_after_them()
    {
        var endpoints = fixture.App.Resources(Stack, "AWS::EC2::VPCEndpoint").ToList();
        Assert.Equal(4, endpoints.Count);
        var monitoring = Assert.Single(endpoints, e => ServiceName(e.Properties).EndsWith(".monitoring", StringComparison.Ordinal)).Properties;
        var ids = new List<string>();
        foreach (var service in new[] { ".ec2", ".secretsmanager" })
        {
            var (id, endpoint) = Assert.Single(endpoints, e => ServiceName(e.Properties).EndsWith(service, StringComparison.Ordinal));
            Assert.Equal("Interface", endpoint.GetProperty("VpcEndpointType").GetString());
            Assert.True(endpoint.GetProperty("PrivateDnsEnabled").GetBoolean());
            Assert.Equal(2, endpoint.GetProperty("SubnetIds").GetArrayLength());
            // The same group as the CloudWatch endpoint: HTTPS only from the SBC group.
            Assert.Equal(monitoring.GetProperty("SecurityGroupIds").GetRawText(), endpoint.GetProperty("SecurityGroupIds").GetRawText());
            ids.Add(id);
        }
        Assert.Equal(ids.Order(), new[] { fixture.HaNetwork.Ec2Endpoint!, fixture.HaNetwork.SecretsManagerEndpoint! }.Select(e => SbcTemplate.LogicalId(e)).Order());
        foreach (var node in fixture.HaPair.Nodes.Concat(fixture.HaPairWithOwnKey.Nodes))
        {
            var dependsOn = fixture.App.Json[Stack].GetProperty("Resources").GetProperty(SbcTemplate.LogicalId(node.Instance)).GetProperty("DependsOn")
                .EnumerateArray().Select(d => d.GetString()).ToList();
            Assert.All(ids, id => Assert.Contains(id, dependsOn));
        }
        Assert.Null(fixture.Network.Ec2Endpoint);
        Assert.Null(fixture.Network.SecretsManagerEndpoint);
    }

    [Fact]
    public void Store_notifies_the_keyspace_events_the_standby_mirrors_and_keeps_tls()
    {
        Assert.Equal("KA", fixture.HaSessionStore.KeyspaceEvents);
        Assert.Equal("", fixture.HaSessionStore.MissingStandbyKeyspaceEvents);
        var (_, parameters) = Assert.Single(fixture.App.Resources(Stack, "AWS::ElastiCache::ParameterGroup"));
        Assert.Equal("KA", parameters.GetProperty("Properties").GetProperty("notify-keyspace-events").GetString());
        var (_, group) = Assert.Single(fixture.App.Resources(Stack, "AWS::ElastiCache::ReplicationGroup"));
        Assert.True(group.GetProperty("TransitEncryptionEnabled").GetBoolean());
        Assert.Equal(SbcTemplate.LogicalId(fixture.HaNetwork.SessionStoreSecurityGroup), group.GetProperty("SecurityGroupIds")[0].GetProperty("Fn::GetAtt")[0].GetString());

        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "KeyspaceEvents");
        var network = new RtcNetwork(stack, "Network");
        var cases = new Dictionary<string, string> { ["K$gx"] = "", ["KEA"] = "", ["Kg$lshzxet"] = "", ["Kl"] = "$gx", ["EA"] = "K", ["K$g"] = "x" };
        foreach (var (events, missing) in cases)
        {
            var store = new SessionStore(stack, $"Store{cases.Keys.ToList().IndexOf(events)}", new SessionStoreProps { Network = network, KeyspaceEvents = events });
            Assert.Equal((events, missing), (events, store.MissingStandbyKeyspaceEvents));
        }
    }

    [Fact]
    public void Rejects_a_session_store_without_media_node_code_and_a_key_secret_without_a_session_store()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        var store = new SessionStore(stack, "Store", new SessionStoreProps { Network = network });
        var error = ValidationAssert.FailsFor(() => new SbcPair(stack, "NoCode", new SbcPairProps { Network = network, SessionStore = store }), "SessionStore");
        Assert.Contains("without MediaNodeCode", error.Message, StringComparison.Ordinal);

        var key = Secret.FromSecretNameV2(stack, "Key", "some-key");
        ValidationAssert.FailsFor(() => new SbcPair(stack, "KeyOnly", new SbcPairProps
        {
            Network = network, MediaNodeCode = Artifact(stack), HeartbeatKeySecret = key,
        }), "HeartbeatKeySecret");
    }

    [Fact]
    public void Rejects_another_networks_store_a_cross_az_pair_and_extra_arguments_repeating_ha_flags()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        var otherStore = new SessionStore(stack, "OtherStore", new SessionStoreProps { Network = new RtcNetwork(stack, "OtherNetwork") });
        var error = ValidationAssert.FailsFor(() => new SbcPair(stack, "Pair", new SbcPairProps
        {
            Network = network,
            Placement = SbcPairPlacement.AcrossAzs,
            MediaNodeCode = Artifact(stack),
            SessionStore = otherStore,
            MediaNodeExtraArguments = ["--redis", "10.0.0.1:6379/0", "--freebind", "--redis-key-prefix=mine:", "--log-level", "debug"],
        }), "SessionStore", "SessionStore", "MediaNodeExtraArguments", "MediaNodeExtraArguments", "MediaNodeExtraArguments");
        Assert.Contains("another RtcNetwork", error.Message, StringComparison.Ordinal);
        Assert.Contains("AcrossAzs", error.Message, StringComparison.Ordinal);
        Assert.Contains("'--redis-key-prefix=mine:'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'--log-level'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_store_without_the_standby_keyspace_events_and_a_network_with_another_heartbeat_port()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network", new RtcNetworkProps { PeerHeartbeatPort = 7100 });
        var store = new SessionStore(stack, "Store", new SessionStoreProps { Network = network, KeyspaceEvents = "Kl" });
        var error = ValidationAssert.FailsFor(() => new SbcPair(stack, "Pair", new SbcPairProps
        {
            Network = network, MediaNodeCode = Artifact(stack), SessionStore = store,
        }), "SessionStore", "SessionStore");
        Assert.Contains("lack '$gx'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PeerHeartbeatPort is 7100", error.Message, StringComparison.Ordinal);
    }

    private static MediaNodeArtifact Artifact(Amazon.CDK.Stack stack) =>
        MediaNodeArtifact.FromBucket(Bucket.FromBucketName(stack, $"Releases{stack.Node.Children.Length}", "releases-bucket"), "media-node/1.0.zip");

    private static bool IsSecretsManager(JsonElement statement) =>
        IamStatements.Actions(statement).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal));

    private static string ServiceName(JsonElement endpoint) =>
        endpoint.GetProperty("ServiceName").GetProperty("Fn::Join")[1].EnumerateArray().Last().GetString()!;

    private string UserData(SbcNode node) => SbcTemplate.UserData(fixture.App, Stack, node);

    private IEnumerable<JsonElement> RoleStatements(SbcPair pair) => SbcTemplate.RoleStatements(fixture.App, Stack, pair);

    private JsonElement Properties(global::Constructs.IConstruct construct) =>
        fixture.App.Json[Stack].GetProperty("Resources").GetProperty(SbcTemplate.LogicalId(construct)).GetProperty("Properties");

    private string Resolve(string token) => JsonSerializer.Serialize(fixture.App.Stack(Stack).Resolve(token));
}
