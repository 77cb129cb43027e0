using System.Security.Cryptography;
using System.Text;
using Amazon.CDK;

namespace RtcOnAws.App;

/// <summary>
/// Asset hashes and CDK local bundling for projects of this checkout. A hash covers the spec's source folders (not
/// bin/obj), the central build settings and the publish arguments, so unchanged code is neither rebuilt nor
/// re-uploaded. Stacks excluded from bundling (context <c>aws:cdk:bundling-stacks</c>) skip the build.
/// </summary>
internal sealed class RepositoryBuild(string repositoryRoot)
{
    private static readonly string[] BuildSettingsFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config"];

    private readonly Dictionary<string, string> _sourceHashes = new(StringComparer.Ordinal);

    /// <summary>The folder holding the project, the asset's source path.</summary>
    public string ProjectFolder(DotnetPublishSpec spec) => Path.GetDirectoryName(Path.Combine(repositoryRoot, spec.ProjectPath))!;

    /// <summary>The custom asset hash of <paramref name="spec"/>'s output.</summary>
    public string AssetHash(DotnetPublishSpec spec)
    {
        var salt = string.Join(' ', spec.Arguments);
        var key = string.Join('|', spec.SourceFolders) + "|" + salt;
        if (!_sourceHashes.TryGetValue(key, out var hash))
        {
            hash = SourceTreeHash.Compute(repositoryRoot, spec.SourceFolders, BuildSettingsFiles, salt);
            _sourceHashes[key] = hash;
        }
        return $"{spec.ProjectName}-{hash}";
    }

    /// <summary>Bundling that runs <c>dotnet publish</c> on this machine (never Docker).</summary>
    public BundlingOptions Bundling(DotnetPublishSpec spec) => new()
    {
        // Never used: local bundling always succeeds or throws, so no Docker is needed.
        Image = DockerImage.FromRegistry("local-bundling-only"),
        Local = new DotnetPublishBundling(Path.Combine(repositoryRoot, spec.ProjectPath), ArtifactsPath(), spec),
    };

    /// <summary>One build folder per checkout: incremental across synths, never shared between checkouts or with bin/obj.</summary>
    private string ArtifactsPath()
    {
        var checkoutId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(repositoryRoot))))[..16];
        return Path.Combine(Path.GetTempPath(), "rtconaws-functions-build", checkoutId);
    }
}
