namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>The SRTP protection profiles we negotiate in use_srtp (RFC 5764, RFC 7714), with their key sizes.</summary>
public enum SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): 128-bit key, 112-bit salt.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): 128-bit key, 96-bit salt.</summary>
    AeadAes128Gcm = 0x0007,
}
