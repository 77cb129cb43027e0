using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.S3.Assets;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// Where an <see cref="SbcPair"/>'s nodes download the media relay from: one S3 object, a zip of a linux-x64
/// self-contained publish of <c>RtcOnAws.MediaNode</c> with the executable <c>RtcOnAws.MediaNode</c> at its root.
/// Nodes may read exactly this object and nothing else of its bucket.
/// </summary>
public sealed class MediaNodeArtifact
{
    private readonly IBucket _bucket;

    private MediaNodeArtifact(IBucket bucket, string objectKey)
    {
        _bucket = bucket;
        ObjectKey = objectKey;
    }

    /// <summary>Name of the bucket holding the zip (may be a token).</summary>
    public string BucketName => _bucket.BucketName;

    /// <summary>Key of the zip in <see cref="BucketName"/> (may be a token).</summary>
    public string ObjectKey { get; }

    /// <summary>A CDK asset of the publish folder (CDK zips a folder asset on upload); it must be in the pair's stack.</summary>
    /// <param name="asset">The asset, for example <c>new Asset(stack, "MediaNode", new AssetProps { Path = "publish/media-node" })</c>.</param>
    public static MediaNodeArtifact FromAsset(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (asset.IsFile && !asset.IsZipArchive)
        {
            throw new ArgumentException($"the media-node asset '{asset.Node.Path}' is a single file that is not a zip; allowed: a folder (CDK zips it) or a .zip file", nameof(asset));
        }
        return new MediaNodeArtifact(asset.Bucket, asset.S3ObjectKey);
    }

    /// <summary>A zip you upload yourself, for example from a release pipeline.</summary>
    /// <param name="bucket">The bucket; if it is encrypted with a KMS key the construct knows, decrypt is granted too.</param>
    /// <param name="objectKey">Key of the zip.</param>
    public static MediaNodeArtifact FromBucket(IBucket bucket, string objectKey)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        if (string.IsNullOrWhiteSpace(objectKey))
        {
            throw new ArgumentException("the media-node object key is empty; allowed: the key of a zip in the bucket", nameof(objectKey));
        }
        return new MediaNodeArtifact(bucket, objectKey);
    }

    /// <summary>Lets <paramref name="grantee"/> read this one object (<c>s3:GetObject</c> on its ARN, no bucket-wide access).</summary>
    /// <param name="grantee">The node role.</param>
    public Grant GrantRead(IGrantable grantee)
    {
        var grant = Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = grantee,
            Actions = ["s3:GetObject"],
            ResourceArns = [_bucket.ArnForObjects(ObjectKey)],
        });
        _bucket.EncryptionKey?.GrantDecrypt(grantee);
        return grant;
    }
}
