using System.Text.Json;
using RtcOnAws.App;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class RepositoryMediaNodeTests(DefaultAppFixture fixture) : IDisposable
{
    private const string Regional = "RtcOnAws-Regional";

    private readonly string _root = Directory.CreateTempSubdirectory("rtconaws-media-hash-").FullName;

    [Fact]
    public void Default_app_installs_one_repository_media_node_asset_on_every_sbc()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(fixture.App.App.Outdir, $"{Regional}.assets.json").Single()));
        var projectFolder = Path.GetDirectoryName(Path.Combine(fixture.RepositoryRoot, DotnetPublishSpec.MediaNode.ProjectPath));
        // One asset for both pairs of the stack, a zip of the published folder.
        var asset = Assert.Single(manifest.RootElement.GetProperty("files").EnumerateObject(),
            file => file.Value.GetProperty("source").GetProperty("path").GetString() == projectFolder);
        Assert.Equal("zip", asset.Value.GetProperty("source").GetProperty("packaging").GetString());
        var objectKey = asset.Value.GetProperty("destinations").EnumerateObject().Single().Value.GetProperty("objectKey").GetString();

        var instances = fixture.App.Resources(Regional, "AWS::EC2::Instance").ToList();
        Assert.Equal(4, instances.Count);
        foreach (var (_, properties) in instances)
        {
            var userData = properties.GetProperty("UserData").GetRawText();
            Assert.Contains("aws s3 cp", userData, StringComparison.Ordinal);
            Assert.Contains($"/{objectKey} ", userData, StringComparison.Ordinal);
            Assert.Contains($"systemctl restart {SbcPaths.MediaNodeService}", userData, StringComparison.Ordinal);
        }
        var annotations = Amazon.CDK.Assertions.Annotations.FromStack(fixture.App.Stack(Regional));
        annotations.HasNoWarning("*", Amazon.CDK.Assertions.Match.StringLikeRegexp("no MediaNodeCode"));
    }

    [Fact]
    public void Media_node_publish_is_self_contained_linux_x64_ready_to_run_without_single_file()
    {
        var spec = DotnetPublishSpec.MediaNode;
        Assert.Equal("RtcOnAws.MediaNode", spec.Executable);
        Assert.True(File.Exists(Path.Combine(fixture.RepositoryRoot, spec.ProjectPath)), $"{spec.ProjectPath} must exist");
        Assert.Equal("linux-x64", spec.Arguments[spec.Arguments.ToList().IndexOf("-r") + 1]);
        Assert.Contains("--self-contained", spec.Arguments);
        Assert.Contains("-p:PublishReadyToRun=true", spec.Arguments);
        Assert.DoesNotContain("-p:PublishReadyToRun=false", spec.Arguments);
        Assert.DoesNotContain("-p:PublishSingleFile=true", spec.Arguments);
        Assert.Contains("-p:PublishAot=true", DotnetPublishSpec.LambdaFunction("RtcOnAws.Functions.LifecycleDns").Arguments);
    }

    [Fact]
    public void Media_node_hash_covers_media_node_functions_and_contracts_sources_and_settings_but_not_build_output()
    {
        Write("media-node/RtcOnAws.MediaNode/Program.cs", "return 0;");
        Write("functions/RtcOnAws.Aws/Client.cs", "class C;");
        Write("infra/RtcOnAws.Sbc.Contracts/SbcPorts.cs", "class P;");
        Write("Directory.Packages.props", "<Project />");
        var lambda = DotnetPublishSpec.LambdaFunction("RtcOnAws.Functions.LifecycleDns");
        var before = MediaNodeHash();
        var lambdaBefore = Hash(lambda);
        Assert.StartsWith("RtcOnAws.MediaNode-", before, StringComparison.Ordinal);

        Write("media-node/RtcOnAws.MediaNode/bin/Release/RtcOnAws.MediaNode", "binary");
        Write("functions/RtcOnAws.Aws/obj/project.assets.json", "{}");
        Assert.Equal(before, MediaNodeHash());

        Write("functions/RtcOnAws.Aws/Client.cs", "class D;");
        var afterFunctions = MediaNodeHash();
        Assert.NotEqual(before, afterFunctions);

        Write("infra/RtcOnAws.Sbc.Contracts/SbcPorts.cs", "class Q;");
        var afterContracts = MediaNodeHash();
        Assert.NotEqual(afterFunctions, afterContracts);

        Write("Directory.Packages.props", "<Project><ItemGroup /></Project>");
        Assert.NotEqual(afterContracts, MediaNodeHash());

        var lambdaNow = Hash(lambda);
        Write("media-node/RtcOnAws.MediaNode/Program.cs", "return 1;");
        Assert.NotEqual(lambdaBefore, lambdaNow);
        Assert.Equal(lambdaNow, Hash(lambda));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string MediaNodeHash() => Hash(DotnetPublishSpec.MediaNode);

    // A new build each time: RepositoryBuild caches hashes for one synth.
    private string Hash(DotnetPublishSpec spec) => new RepositoryBuild(_root).AssetHash(spec);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
