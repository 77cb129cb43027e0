using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// One ephemeral P-256 ECDH exchange on .NET's <see cref="ECDiffieHellman"/>. Points travel in the uncompressed
/// X9.62 form RFC 8422 5.4.1 requires (0x04 || X || Y); the shared secret is the raw X coordinate of the product,
/// zero-padded to the field size (RFC 8422 5.10), which is what <see cref="ECDiffieHellman.DeriveRawSecretAgreement"/>
/// returns. A peer value that is not such a point on the curve ends the handshake with illegal_parameter.
/// </summary>
internal sealed class PlatformP256Agreement(TlsCrypto crypto) : TlsAgreement
{
    private const int CoordinateLength = 32;
    private const byte Uncompressed = 0x04;

    /// <summary>0x04 || X || Y.</summary>
    public const int PointLength = 1 + (2 * CoordinateLength);

    private ECDiffieHellman? _local;
    private ECDiffieHellman? _peer;

    public byte[] GenerateEphemeral()
    {
        _local?.Dispose();
        _local = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = _local.ExportParameters(includePrivateParameters: false).Q;
        var point = new byte[PointLength];
        point[0] = Uncompressed;
        q.X!.CopyTo(point, 1);
        q.Y!.CopyTo(point, 1 + CoordinateLength);
        return point;
    }

    public void ReceivePeerValue(byte[] peerValue)
    {
        if (peerValue is null || peerValue.Length != PointLength || peerValue[0] != Uncompressed)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = peerValue[1..(1 + CoordinateLength)], Y = peerValue[(1 + CoordinateLength)..] },
        };
        try
        {
            // Importing validates that the point is on the curve (and so not the identity).
            _peer?.Dispose();
            _peer = ECDiffieHellman.Create(parameters);
        }
        catch (CryptographicException e)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, e);
        }
    }

    public TlsSecret CalculateSecret()
    {
        if (_local is null || _peer is null)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }

        using var peerKey = _peer.PublicKey;
        var shared = _local.DeriveRawSecretAgreement(peerKey);
        try
        {
            return crypto.CreateSecret(shared);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
            _local.Dispose();
            _local = null;
            _peer.Dispose();
            _peer = null;
        }
    }
}
