namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// A master key and master salt for one <see cref="SrtpProtectionProfile"/> (from SDES <c>inline:</c> or the DTLS-SRTP
/// exporter). Holds copies; never printed by <see cref="ToString"/>.
/// </summary>
public sealed class SrtpMasterKey
{
    private readonly byte[] _key;
    private readonly byte[] _salt;

    /// <summary>Validates the lengths against <paramref name="profile"/> and copies the material.</summary>
    public SrtpMasterKey(SrtpProtectionProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        if (key.Length != profile.KeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.KeyLength()}-byte master key, got {key.Length}.", nameof(key));
        }

        if (salt.Length != profile.SaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.SaltLength()}-byte master salt, got {salt.Length}.", nameof(salt));
        }

        Profile = profile;
        _key = key.ToArray();
        _salt = salt.ToArray();
    }

    /// <summary>The suite this key is for.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>The master key.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The master salt.</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>Splits <c>key || salt</c> (the SDES inline form and the DTLS-SRTP exporter's halves).</summary>
    public static SrtpMasterKey FromConcatenated(SrtpProtectionProfile profile, ReadOnlySpan<byte> keyAndSalt)
    {
        int keyLength = profile.KeyLength();
        if (keyAndSalt.Length != keyLength + profile.SaltLength())
        {
            throw new ArgumentException($"{profile} needs {keyLength + profile.SaltLength()} bytes of key and salt, got {keyAndSalt.Length}.", nameof(keyAndSalt));
        }

        return new SrtpMasterKey(profile, keyAndSalt[..keyLength], keyAndSalt[keyLength..]);
    }

    /// <summary><c>key || salt</c>, as SDES <c>inline:</c> carries it.</summary>
    public byte[] ToConcatenated() => [.. _key, .. _salt];

    /// <summary>The profile only: key material stays out of logs.</summary>
    public override string ToString() => $"SrtpMasterKey({Profile})";
}
