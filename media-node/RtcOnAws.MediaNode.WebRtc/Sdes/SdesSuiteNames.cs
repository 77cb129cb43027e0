using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Sdes;

/// <summary>The SDP names of the crypto suites (RFC 4568 section 6.2, RFC 7714 section 14.2), in our order of preference.</summary>
public static class SdesSuiteNames
{
    /// <summary>Every suite we offer, strongest first (rtpengine's order for these three).</summary>
    public static IReadOnlyList<SrtpProtectionProfile> Preference { get; } =
    [
        SrtpProtectionProfile.AeadAes128Gcm,
        SrtpProtectionProfile.AesCm128HmacSha1Tag80,
        SrtpProtectionProfile.AesCm128HmacSha1Tag32,
    ];

    /// <summary>The suite's name in <c>a=crypto</c>.</summary>
    public static string Name(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1Tag80 => "AES_CM_128_HMAC_SHA1_80",
        SrtpProtectionProfile.AesCm128HmacSha1Tag32 => "AES_CM_128_HMAC_SHA1_32",
        SrtpProtectionProfile.AeadAes128Gcm => "AEAD_AES_128_GCM",
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile."),
    };

    /// <summary>The suite for an <c>a=crypto</c> name (case-insensitive, as rtpengine matches them); false for suites we do not implement.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out SrtpProtectionProfile profile)
    {
        foreach (var candidate in Preference)
        {
            if (name.Equals(Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                profile = candidate;
                return true;
            }
        }

        profile = default;
        return false;
    }
}
