using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>Turns the keys a DTLS-SRTP handshake exported into the relay's SRTP transform for the leg.</summary>
public static class DtlsSrtpTransformFactory
{
    public static SrtpTransform Create(DtlsSrtpKeys keys)
    {
        var profile = keys.Profile switch
        {
            SrtpProfile.AeadAes128Gcm => SrtpProtectionProfile.AeadAes128Gcm,
            _ => SrtpProtectionProfile.AesCm128HmacSha1Tag80,
        };
        var inbound = new SrtpContext(new SrtpMasterKey(profile, keys.RemoteKey, keys.RemoteSalt));
        var outbound = new SrtpContext(new SrtpMasterKey(profile, keys.LocalKey, keys.LocalSalt));
        return new SrtpTransform(inbound, outbound);
    }
}
