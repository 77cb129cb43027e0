using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace RtcOnAws.App;

/// <summary>Lambda code built from this repository's <c>functions/</c> projects at synth time (see <see cref="RepositoryBuild"/>).</summary>
internal sealed class RepositoryFunctionCode(RepositoryBuild build)
{
    /// <summary>The floating-IP failover function.</summary>
    public Code FloatingIpFailover() => ForProject("RtcOnAws.Functions.FloatingIpFailover");

    /// <summary>The lifecycle DNS function.</summary>
    public Code LifecycleDns() => ForProject("RtcOnAws.Functions.LifecycleDns");

    private Code ForProject(string projectName)
    {
        var spec = DotnetPublishSpec.LambdaFunction(projectName);
        return Code.FromAsset(build.ProjectFolder(spec), new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            AssetHashType = AssetHashType.CUSTOM,
            AssetHash = build.AssetHash(spec),
            Bundling = build.Bundling(spec),
        });
    }
}
