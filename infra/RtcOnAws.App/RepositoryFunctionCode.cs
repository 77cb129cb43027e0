using System.Security.Cryptography;
using System.Text;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace RtcOnAws.App;

/// <summary>
/// Lambda code built from this repository's <c>functions/</c> projects at synth time. The asset hash covers the
/// functions' sources (not bin/obj), the central build settings and the publish command, so unchanged code is
/// neither rebuilt nor re-uploaded. Stacks excluded from bundling (context <c>aws:cdk:bundling-stacks</c>) skip the build.
/// </summary>
internal sealed class RepositoryFunctionCode(string repositoryRoot)
{
    private readonly string _sourceHash = SourceTreeHash.Compute(
        repositoryRoot,
        folders: ["functions"],
        files: ["Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config"],
        salt: string.Join(' ', DotnetPublishBundling.PublishArguments));

    /// <summary>The floating-IP failover function.</summary>
    public Code FloatingIpFailover() => ForProject("RtcOnAws.Functions.FloatingIpFailover");

    /// <summary>The lifecycle DNS function.</summary>
    public Code LifecycleDns() => ForProject("RtcOnAws.Functions.LifecycleDns");

    private Code ForProject(string projectName)
    {
        var projectFolder = Path.Combine(repositoryRoot, "functions", projectName);
        // One build folder per checkout: incremental across synths, never shared between checkouts.
        var checkoutId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(repositoryRoot))))[..16];
        var artifacts = Path.Combine(Path.GetTempPath(), "rtconaws-functions-build", checkoutId);
        return Code.FromAsset(projectFolder, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            AssetHashType = AssetHashType.CUSTOM,
            AssetHash = $"{projectName}-{_sourceHash}",
            Bundling = new BundlingOptions
            {
                // Never used: local bundling always succeeds or throws, so no Docker is needed.
                Image = DockerImage.FromRegistry("local-bundling-only"),
                Local = new DotnetPublishBundling(Path.Combine(projectFolder, projectName + ".csproj"), artifacts),
            },
        });
    }
}
