using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// Signs ServerKeyExchange and CertificateVerify with the node's ECDSA key on .NET's <see cref="ECDsa"/>. TLS signs a
/// hash BouncyCastle has already computed and carries the signature as a DER SEQUENCE of r and s (RFC 8422 5.4).
/// The key is shared by every session of the node, so signing takes its lock: .NET does not promise that one
/// <see cref="ECDsa"/> instance signs on several threads at once.
/// </summary>
internal sealed class PlatformEcdsaSigner(ECDsa key) : TlsSigner
{
    /// <summary>Only DTLS 1.2 is spoken, so the algorithm is always named (no pre-1.2 MD5 || SHA-1 hash).</summary>
    public byte[] GenerateRawSignature(SignatureAndHashAlgorithm? algorithm, byte[] hash)
    {
        if (algorithm?.Signature != SignatureAlgorithm.ecdsa)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }

        lock (key)
        {
            return key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    /// <summary>None: BouncyCastle then hashes the handshake itself and calls <see cref="GenerateRawSignature"/>.</summary>
    public TlsStreamSigner? GetStreamSigner(SignatureAndHashAlgorithm algorithm) => null;
}
