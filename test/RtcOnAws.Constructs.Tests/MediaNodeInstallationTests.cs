using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.S3.Assets;
using Constructs;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class MediaNodeInstallationTests(ConstructsFixture fixture)
{
    private const string Stack = ConstructsFixture.WithMediaNode;

    [Fact]
    public void User_data_installs_the_packages_then_downloads_the_asset_object()
    {
        var userData = UserData(fixture.MediaNodeSameAzPair.Active);
        var objectKey = fixture.MediaNodeAsset.S3ObjectKey;
        Assert.EndsWith(".zip", objectKey, StringComparison.Ordinal);
        Assert.Contains("aws s3 cp", userData, StringComparison.Ordinal);
        Assert.Contains($"/{objectKey} /tmp/rtconaws-media-node.zip", userData, StringComparison.Ordinal);
        Assert.Contains($"python3 -m zipfile -e /tmp/rtconaws-media-node.zip {SbcPaths.MediaNodeInstallFolder}.new", userData, StringComparison.Ordinal);
        Assert.Contains($"mv {SbcPaths.MediaNodeInstallFolder}.new {SbcPaths.MediaNodeInstallFolder}", userData, StringComparison.Ordinal);

        // The AWS CLI comes from the distribution's packages, installed first.
        var install = userData.IndexOf("apt-get install -y -q --no-install-recommends kamailio kamailio-utils-modules awscli python3 curl logrotate", StringComparison.Ordinal);
        var download = userData.IndexOf("aws s3 cp", StringComparison.Ordinal);
        Assert.True(install >= 0 && download > install, $"packages at {install}, download at {download}");
        Assert.StartsWith("#!/bin/bash\nset -euo pipefail\n", userData, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_uses_the_networks_port_range_the_heartbeat_and_a_loopback_ng_address()
    {
        var config = ConfigFile(UserData(fixture.MediaNodeSameAzPair.Active));
        Assert.Equal("[rtpengine]", config[0]);
        Assert.Contains("port-min = 20000", config);
        Assert.Contains("port-max = 20999", config);
        Assert.Contains($"heartbeat-namespace = {MediaNodeHeartbeat.Namespace}", config);
        Assert.Contains("listen-ng = 127.0.0.1:2300", config);
        Assert.Contains("listen-http = 127.0.0.1:2225", config);
        Assert.DoesNotContain(config, line => line.Contains("0.0.0.0", StringComparison.Ordinal) || line.Contains("::", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_az_nodes_relay_on_the_floating_address_and_advertise_it_inside_and_the_elastic_ip_outside()
    {
        var pair = fixture.MediaNodeSameAzPair;
        var activeEni = LogicalId(pair.Active.NetworkInterface);
        var eip = LogicalId(pair.ElasticIp);
        foreach (var node in pair.Nodes)
        {
            var interfaceLine = Assert.Single(ConfigFile(UserData(node)), line => line.StartsWith("interface = ", StringComparison.Ordinal));
            Assert.Equal($"interface = internal/<Select0:{activeEni}>;external/<Select0:{activeEni}>!<Ref:{eip}>", interfaceLine);
        }
    }

    [Fact]
    public void Across_az_nodes_relay_on_their_own_secondary_address()
    {
        var pair = fixture.MediaNodeAcrossAzsPair;
        foreach (var node in pair.Nodes)
        {
            var interfaceLine = Assert.Single(ConfigFile(UserData(node)), line => line.StartsWith("interface = ", StringComparison.Ordinal));
            var own = $"<Select0:{LogicalId(node.NetworkInterface)}>";
            Assert.Equal($"interface = internal/{own};external/{own}!<Ref:{LogicalId(pair.ElasticIp)}>", interfaceLine);
        }
    }

    [Fact]
    public void Systemd_unit_restarts_always_as_an_unprivileged_user_with_many_descriptors()
    {
        var userData = UserData(fixture.MediaNodeSameAzPair.Active);
        var unit = SbcTemplate.Unit(userData);
        Assert.Contains("Restart=always", unit);
        Assert.Contains($"User={SbcPaths.MediaNodeUser}", unit);
        Assert.Contains("LimitNOFILE=1048576", unit);
        Assert.Contains("NoNewPrivileges=yes", unit);
        Assert.Contains("WantedBy=multi-user.target", unit);
        Assert.DoesNotContain(unit, line => line.StartsWith("AmbientCapabilities", StringComparison.Ordinal) || line == "User=root");
        var execStart = Assert.Single(unit, line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.Equal(
            $"ExecStart={SbcPaths.MediaNodeInstallFolder}/RtcOnAws.MediaNode \"--config-file\" \"{SbcPaths.MediaNodeConfigFile}\" " +
            "\"--log-level\" \"debug\" \"--redis-key-prefix\" \"pair a:%%h$$x\"",
            execStart);
        Assert.Contains($"useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin {SbcPaths.MediaNodeUser}", userData, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_user_data_runs_after_the_install_and_before_the_media_node_starts()
    {
        var userData = UserData(fixture.MediaNodeSameAzPair.Active);
        var kamailioConfig = userData.IndexOf($"cat > {SbcPaths.KamailioConfigFile}", StringComparison.Ordinal);
        var unit = userData.IndexOf($"cat > /etc/systemd/system/{SbcPaths.MediaNodeService} <<'UNIT'", StringComparison.Ordinal);
        var extra = userData.IndexOf("echo extra-user-data-command", StringComparison.Ordinal);
        var enable = userData.IndexOf($"systemctl enable {SbcPaths.MediaNodeService}", StringComparison.Ordinal);
        var restart = userData.IndexOf($"systemctl restart {SbcPaths.MediaNodeService}", StringComparison.Ordinal);
        var kamailioStart = userData.IndexOf($"systemctl restart {SbcPaths.KamailioService}", StringComparison.Ordinal);
        Assert.True(kamailioConfig >= 0 && kamailioConfig < unit && unit < extra && extra < enable && enable < restart && restart < kamailioStart,
            $"order: kamailio.cfg {kamailioConfig}, unit {unit}, extra {extra}, enable {enable}, restart {restart}, kamailio {kamailioStart}");
        Assert.DoesNotContain("sbc.env", userData, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_may_get_exactly_the_asset_object_and_nothing_else_from_s3()
    {
        var roleId = LogicalId(fixture.MediaNodeSameAzPair.Role.Node.DefaultChild!);
        var statements = fixture.App.Resources(Stack, "AWS::IAM::Policy")
            .Where(p => p.Properties.GetProperty("Roles").GetRawText().Contains(roleId, StringComparison.Ordinal))
            .SelectMany(p => p.Properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            .Where(s => s.GetProperty("Action").GetRawText().Contains("s3:", StringComparison.Ordinal))
            .ToList();
        var statement = Assert.Single(statements);
        Assert.Equal("s3:GetObject", statement.GetProperty("Action").GetString());
        var resource = statement.GetProperty("Resource").GetRawText();
        Assert.Contains($"/{fixture.MediaNodeAsset.S3ObjectKey}", resource, StringComparison.Ordinal);
        Assert.Contains(":s3:::", resource, StringComparison.Ordinal);
        Assert.DoesNotContain("*", resource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_without_media_node_code_warns_that_nothing_publishes_the_heartbeat()
    {
        var annotations = Amazon.CDK.Assertions.Annotations.FromStack(Amazon.CDK.Stack.Of(fixture.SameAzPair));
        annotations.HasWarning($"/{ConstructsFixture.Foundation}/SameAzPair", Match.StringLikeRegexp("no MediaNodeCode.*heartbeat"));
        annotations.HasWarning($"/{ConstructsFixture.Foundation}/AcrossAzsPair", Match.StringLikeRegexp("no MediaNodeCode"));
        Assert.DoesNotContain("rtconaws-media-node", UserData(fixture.SameAzPair.Active, ConstructsFixture.Foundation), StringComparison.Ordinal);

        var withCode = Amazon.CDK.Assertions.Annotations.FromStack(Amazon.CDK.Stack.Of(fixture.MediaNodeSameAzPair));
        withCode.HasNoWarning("*", Match.StringLikeRegexp("no MediaNodeCode"));
    }

    [Fact]
    public void Rejects_media_node_arguments_without_code_and_arguments_with_line_breaks()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        ValidationAssert.FailsFor(() => new SbcPair(stack, "NoCode", new SbcPairProps
        {
            Network = network, MediaNodeExtraArguments = ["--log-level", "debug"],
        }), "MediaNodeExtraArguments");

        var bucket = Bucket.FromBucketName(stack, "Releases", "releases-bucket");
        var error = ValidationAssert.FailsFor(() => new SbcPair(stack, "LineBreak", new SbcPairProps
        {
            Network = network,
            MediaNodeCode = MediaNodeArtifact.FromBucket(bucket, "media-node/1.0.zip"),
            MediaNodeExtraArguments = ["--log-level\nExecStartPre=/bin/sh"],
        }), "MediaNodeExtraArguments");
        Assert.Contains("control characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Artifact_from_a_bucket_grants_only_that_key()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "FromBucket");
        var pair = new SbcPair(stack, "Pair", new SbcPairProps
        {
            Network = new RtcNetwork(stack, "Network"),
            MediaNodeCode = MediaNodeArtifact.FromBucket(Bucket.FromBucketName(stack, "Releases", "releases-bucket"), "media-node/1.0.zip"),
        });
        var template = Template.FromStack(stack);
        template.HasResourceProperties("AWS::IAM::Policy", Match.ObjectLike(new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Action"] = "s3:GetObject",
                    ["Resource"] = Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Fn::Join"] = Match.ArrayWith([Match.ArrayWith([":s3:::releases-bucket/media-node/1.0.zip"])]),
                    }),
                })]),
            }),
        }));
        Assert.NotNull(pair.Active.Instance);
    }

    [Fact]
    public void Artifact_rejects_a_single_file_that_is_not_a_zip_and_an_empty_key()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "BadArtifact");
        var file = Path.GetTempFileName();
        try
        {
            var asset = new Asset(stack, "NotZip", new AssetProps { Path = file });
            var error = Assert.Throws<ArgumentException>(() => MediaNodeArtifact.FromAsset(asset));
            Assert.Contains("not a zip", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
        var bucket = Bucket.FromBucketName(stack, "Releases", "releases-bucket");
        var emptyKey = Assert.Throws<ArgumentException>(() => MediaNodeArtifact.FromBucket(bucket, " "));
        Assert.Contains("object key", emptyKey.Message, StringComparison.Ordinal);
    }

    private string UserData(SbcNode node, string stack = Stack) => SbcTemplate.UserData(fixture.App, stack, node);

    private static List<string> ConfigFile(string userData) =>
        SbcTemplate.Between(userData, $"cat > {SbcPaths.MediaNodeConfigFile} <<'CONF'\n", "\nCONF\n");

    private static string LogicalId(IConstruct construct) => SbcTemplate.LogicalId(construct);
}
