using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.S3.Assets;
using Constructs;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class MediaNodeInstallationTests(ConstructsFixture fixture)
{
    private const string Stack = ConstructsFixture.WithMediaNode;

    [Fact]
    public void User_data_downloads_the_asset_object_after_an_imdsv2_token()
    {
        var userData = UserData(fixture.MediaNodeSameAzPair.Active);
        var objectKey = fixture.MediaNodeAsset.S3ObjectKey;
        Assert.EndsWith(".zip", objectKey, StringComparison.Ordinal);
        Assert.Contains("aws s3 cp", userData, StringComparison.Ordinal);
        Assert.Contains($"/{objectKey} /tmp/rtconaws-media-node.zip", userData, StringComparison.Ordinal);
        Assert.Contains($"python3 -m zipfile -e /tmp/rtconaws-media-node.zip {MediaNodeInstallation.InstallFolder}.new", userData, StringComparison.Ordinal);
        Assert.Contains($"mv {MediaNodeInstallation.InstallFolder}.new {MediaNodeInstallation.InstallFolder}", userData, StringComparison.Ordinal);

        var tokenPut = userData.IndexOf("-X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds", StringComparison.Ordinal);
        var metadataRead = userData.IndexOf("-H \"X-aws-ec2-metadata-token: $IMDS_TOKEN\" http://169.254.169.254/latest/meta-data/local-ipv4", StringComparison.Ordinal);
        Assert.True(tokenPut >= 0 && metadataRead > tokenPut, "the IMDSv2 token must be fetched before the metadata read");
        Assert.StartsWith("#!/bin/bash\nset -euo pipefail\n", userData, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_uses_the_networks_port_range_the_heartbeat_and_a_private_ng_address()
    {
        var config = ConfigFile(UserData(fixture.MediaNodeSameAzPair.Active));
        Assert.Equal("[rtpengine]", config[0]);
        Assert.Contains("port-min = 20000", config);
        Assert.Contains("port-max = 20999", config);
        Assert.Contains($"heartbeat-namespace = {MediaNodeHeartbeat.Namespace}", config);
        Assert.Contains("listen-ng = $NODE_PRIVATE_IP:2300", config);
        Assert.Contains("listen-http = 127.0.0.1:2225", config);
        Assert.DoesNotContain(config, line => line.Contains("0.0.0.0", StringComparison.Ordinal) || line.Contains("::", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_az_nodes_relay_on_the_floating_address_and_advertise_the_elastic_ip()
    {
        var pair = fixture.MediaNodeSameAzPair;
        var activeEni = LogicalId(pair.Active.NetworkInterface);
        var eip = LogicalId(pair.ElasticIp);
        foreach (var node in pair.Nodes)
        {
            var interfaceLine = Assert.Single(ConfigFile(UserData(node)), line => line.StartsWith("interface = ", StringComparison.Ordinal));
            Assert.Equal($"interface = <Select0:{activeEni}>!<Ref:{eip}>", interfaceLine);
        }
    }

    [Fact]
    public void Across_az_nodes_relay_on_their_own_secondary_address()
    {
        var pair = fixture.MediaNodeAcrossAzsPair;
        foreach (var node in pair.Nodes)
        {
            var interfaceLine = Assert.Single(ConfigFile(UserData(node)), line => line.StartsWith("interface = ", StringComparison.Ordinal));
            Assert.Equal($"interface = <Select0:{LogicalId(node.NetworkInterface)}>!<Ref:{LogicalId(pair.ElasticIp)}>", interfaceLine);
        }
    }

    [Fact]
    public void Systemd_unit_restarts_always_as_an_unprivileged_user_with_many_descriptors()
    {
        var userData = UserData(fixture.MediaNodeSameAzPair.Active);
        var unit = SbcTemplate.Unit(userData);
        Assert.Contains("Restart=always", unit);
        Assert.Contains($"User={MediaNodeInstallation.ServiceUser}", unit);
        Assert.Contains("LimitNOFILE=1048576", unit);
        Assert.Contains("NoNewPrivileges=yes", unit);
        Assert.Contains("WantedBy=multi-user.target", unit);
        Assert.DoesNotContain(unit, line => line.StartsWith("AmbientCapabilities", StringComparison.Ordinal) || line == "User=root");
        var execStart = Assert.Single(unit, line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
        Assert.Equal(
            $"ExecStart={MediaNodeInstallation.InstallFolder}/RtcOnAws.MediaNode --config-file {MediaNodeInstallation.ConfigFile} " +
            "\"--log-level\" \"debug\" \"--redis-key-prefix\" \"pair a:%%h$$x\"",
            execStart);
        Assert.Contains($"useradd --system --no-create-home --home-dir /nonexistent --shell /sbin/nologin {MediaNodeInstallation.ServiceUser}", userData, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_user_data_runs_after_the_install_and_before_the_media_node_starts()
    {
        var userData = UserData(fixture.MediaNodeSameAzPair.Active);
        var env = userData.IndexOf("cat > /etc/rtconaws/sbc.env", StringComparison.Ordinal);
        var unit = userData.IndexOf("<<'UNIT'", StringComparison.Ordinal);
        var extra = userData.IndexOf("echo extra-user-data-command", StringComparison.Ordinal);
        var enable = userData.IndexOf($"systemctl enable {MediaNodeInstallation.ServiceName}", StringComparison.Ordinal);
        var restart = userData.IndexOf($"systemctl restart {MediaNodeInstallation.ServiceName}", StringComparison.Ordinal);
        Assert.True(env >= 0 && env < unit && unit < extra && extra < enable && enable < restart,
            $"order: sbc.env {env}, unit {unit}, extra {extra}, enable {enable}, restart {restart}");
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
        SbcTemplate.Between(userData, $"cat > {MediaNodeInstallation.ConfigFile} <<CONF\n", "\nCONF\n");

    private static string LogicalId(IConstruct construct) => SbcTemplate.LogicalId(construct);
}
