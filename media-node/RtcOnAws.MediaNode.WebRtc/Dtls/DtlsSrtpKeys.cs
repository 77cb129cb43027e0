namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// SRTP master keys exported from a finished handshake (RFC 5764 4.2): the exporter's output is
/// client_key | server_key | client_salt | server_salt; "local" is what we protect with, "remote" what we
/// unprotect with, so the DTLS server's local key is the server_write key.
/// </summary>
public sealed record DtlsSrtpKeys(SrtpProfile Profile, byte[] LocalKey, byte[] LocalSalt, byte[] RemoteKey, byte[] RemoteSalt)
{
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>Both profiles use AES-128.</summary>
    public const int KeyLength = 16;

    public static int SaltLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    public static DtlsSrtpKeys Split(SrtpProfile profile, ReadOnlySpan<byte> exported, DtlsRole role)
    {
        var keyLength = KeyLength;
        var saltLength = SaltLength(profile);
        if (exported.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException("Exported keying material has the wrong length for the profile.", nameof(exported));
        }

        var clientKey = exported[..keyLength].ToArray();
        var serverKey = exported.Slice(keyLength, keyLength).ToArray();
        var clientSalt = exported.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = exported.Slice(2 * keyLength + saltLength, saltLength).ToArray();
        return role == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }
}
