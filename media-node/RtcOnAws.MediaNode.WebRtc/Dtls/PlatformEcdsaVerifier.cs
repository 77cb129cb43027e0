using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>Checks the peer's ECDSA signature (ServerKeyExchange or CertificateVerify) with .NET's
/// <see cref="ECDsa"/>: a DER SEQUENCE of r and s over the hash BouncyCastle computed (RFC 8422 5.4). A malformed
/// signature is simply not valid, which BouncyCastle turns into a decrypt_error alert.</summary>
internal sealed class PlatformEcdsaVerifier(ECParameters publicKey) : TlsVerifier
{
    /// <summary>Before TLS 1.2 the hash is MD5 || SHA-1 and ECDSA signs only the SHA-1 part (RFC 4492 5.4).</summary>
    private static readonly Range LegacySha1Part = 16..36;

    public bool VerifyRawSignature(DigitallySigned digitallySigned, byte[] hash)
    {
        var algorithm = digitallySigned.Algorithm;
        if (algorithm is not null && algorithm.Signature != SignatureAlgorithm.ecdsa)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }

        var signed = algorithm is null ? hash.AsSpan(LegacySha1Part) : hash;
        using var key = ECDsa.Create(publicKey);
        return key.VerifyHash(signed, digitallySigned.Signature, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>None: BouncyCastle then hashes the handshake itself and calls <see cref="VerifyRawSignature"/>.</summary>
    public TlsStreamVerifier? GetStreamVerifier(DigitallySigned digitallySigned) => null;
}
