using Amazon.CDK;
using Amazon.CDK.AWS.S3.Assets;
using Constructs;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.App;

/// <summary>
/// The media relay built from this repository's <c>media-node/RtcOnAws.MediaNode</c> at synth time, as one S3 asset per
/// stack (CDK bundles it once per synth and uploads it once per hash).
/// </summary>
internal sealed class RepositoryMediaNodeCode(RepositoryBuild build)
{
    /// <summary>Creates the asset in <paramref name="scope"/>'s stack; the SBC pairs there download it.</summary>
    public MediaNodeArtifact ForStack(Construct scope)
    {
        var spec = DotnetPublishSpec.MediaNode;
        var asset = new Asset(scope, "MediaNodeCode", new AssetProps
        {
            Path = build.ProjectFolder(spec),
            AssetHashType = AssetHashType.CUSTOM,
            AssetHash = build.AssetHash(spec),
            Bundling = build.Bundling(spec),
        });
        return MediaNodeArtifact.FromAsset(asset);
    }
}
