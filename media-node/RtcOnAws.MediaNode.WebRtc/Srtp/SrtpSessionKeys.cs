namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>The derived keys of one direction's SRTP or SRTCP (RFC 3711 section 4.3): k_e, k_s and, for HMAC suites, k_a.</summary>
internal sealed record SrtpSessionKeys(byte[] EncryptionKey, byte[] Salt, byte[] AuthenticationKey);
