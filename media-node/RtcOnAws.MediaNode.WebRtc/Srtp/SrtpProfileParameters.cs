namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>Key, salt and tag sizes of each <see cref="SrtpProtectionProfile"/>, in bytes.</summary>
public static class SrtpProfileParameters
{
    /// <summary>Master (and session) key length.</summary>
    public static int KeyLength(this SrtpProtectionProfile profile) => Check(profile, 16);

    /// <summary>Master (and session) salt length: 112 bits for AES-CM (RFC 3711), 96 bits for GCM (RFC 7714 section 12).</summary>
    public static int SaltLength(this SrtpProtectionProfile profile) => Check(profile, profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14);

    /// <summary>The authentication tag appended to every SRTP packet.</summary>
    public static int RtpTagLength(this SrtpProtectionProfile profile) => Check(profile, profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1Tag32 => 4,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => 10,
    });

    /// <summary>The authentication tag appended to every SRTCP packet (80 bits for both AES-CM suites, RFC 4568 section 6.2).</summary>
    public static int RtcpTagLength(this SrtpProtectionProfile profile) => Check(profile, profile == SrtpProtectionProfile.AeadAes128Gcm ? 16 : 10);

    /// <summary>What SRTCP adds to an RTCP packet: the 4-byte E-flag and index word, plus the tag.</summary>
    public static int RtcpOverhead(this SrtpProtectionProfile profile) => 4 + profile.RtcpTagLength();

    private static int Check(SrtpProtectionProfile profile, int value) => Enum.IsDefined(profile)
        ? value
        : throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile.");
}
