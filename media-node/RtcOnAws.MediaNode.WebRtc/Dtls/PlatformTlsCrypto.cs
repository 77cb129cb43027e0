using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's TLS crypto with the SHA-1/SHA-2 digests on the platform's hash (<see cref="PlatformDigest"/>):
/// BouncyCastle builds its transcript hash, HMAC and TLS 1.2 PRF on <see cref="CreateDigest"/>, so all of them move
/// to .NET with this one override. Other algorithms stay BouncyCastle's. Certificates keep their encoding
/// (<see cref="EncodedTlsCertificate"/>).
/// </summary>
internal sealed class PlatformTlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
    public override IDigest CreateDigest(int cryptoHashAlgorithm) => cryptoHashAlgorithm switch
    {
        CryptoHashAlgorithm.sha1 => new PlatformDigest(HashAlgorithmName.SHA1, 20, 64),
        CryptoHashAlgorithm.sha256 => new PlatformDigest(HashAlgorithmName.SHA256, 32, 64),
        CryptoHashAlgorithm.sha384 => new PlatformDigest(HashAlgorithmName.SHA384, 48, 128),
        CryptoHashAlgorithm.sha512 => new PlatformDigest(HashAlgorithmName.SHA512, 64, 128),
        _ => base.CreateDigest(cryptoHashAlgorithm),
    };

    public override TlsCertificate CreateCertificate(byte[] encoding) => new EncodedTlsCertificate(this, encoding);

    public override IDigest CloneDigest(int cryptoHashAlgorithm, IDigest digest) =>
        digest is PlatformDigest platform ? platform.Copy() : base.CloneDigest(cryptoHashAlgorithm, digest);
}
