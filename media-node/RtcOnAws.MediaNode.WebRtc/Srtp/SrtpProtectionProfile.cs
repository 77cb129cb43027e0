namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>The SRTP crypto suites media-node speaks (SDES names per RFC 4568 / RFC 7714, DTLS-SRTP per RFC 5764 / RFC 7714).</summary>
public enum SrtpProtectionProfile
{
    /// <summary><c>AES_CM_128_HMAC_SHA1_80</c> (RFC 3711): AES-128 counter mode, 80-bit HMAC-SHA1 tag on SRTP and SRTCP.</summary>
    AesCm128HmacSha1Tag80 = 0,

    /// <summary><c>AES_CM_128_HMAC_SHA1_32</c> (RFC 4568): as the 80-bit suite but a 32-bit tag on SRTP (SRTCP keeps 80 bits).</summary>
    AesCm128HmacSha1Tag32 = 1,

    /// <summary><c>AEAD_AES_128_GCM</c> (RFC 7714): AES-128-GCM with a 128-bit tag, 96-bit salt.</summary>
    AeadAes128Gcm = 2,
}
