using RtcOnAws.Aws.Imds;

namespace RtcOnAws.MediaNode;

/// <summary>The region an instance's AWS calls go to.</summary>
public static class InstanceRegion
{
    /// <summary><c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>, else IMDS <c>placement/region</c> (what an instance knows about itself).</summary>
    public static async Task<string> ResolveAsync(IInstanceMetadataClient metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 } fromDefault
                ? fromDefault
                : (await metadata.GetRegionAsync(cancellationToken).ConfigureAwait(false)).Trim();
    }
}
