using System.Buffers.Binary;

namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// One direction of SRTP/SRTCP under one master key (RFC 3711): what a sender protects with, or what a receiver
/// unprotects with. Tracks every SSRC it sees (up to <see cref="MaxSources"/>, least recently used evicted) with its
/// rollover counter, sequence estimation, replay windows and SRTCP index. Packets are rewritten in place; nothing
/// is allocated per packet and nothing throws on bad input. Thread-safe (a lock per context, uncontended when one
/// event loop owns the stream).
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>SSRCs remembered at once; a sender rarely has more than a couple (audio, retransmission, a new SSRC after a re-INVITE).</summary>
    public const int MaxSources = 16;

    /// <summary>SRTCP indices are 31 bits (RFC 3711 section 3.4); the key must be replaced before they run out.</summary>
    private const uint MaxRtcpIndex = 0x7FFF_FFFF;

    private const int RtpHeaderLength = 12;
    private const int RtcpHeaderLength = 8;

    private readonly Lock _lock = new();
    private readonly SrtpCipher _rtp;
    private readonly SrtpCipher _rtcp;
    private readonly SrtpSourceState[] _sources = new SrtpSourceState[MaxSources];
    private readonly int _rtpTagLength;
    private readonly int _rtcpTagLength;
    private int _sourceCount;
    private long _useClock;
    private bool _disposed;

    /// <summary>Derives the session keys (RFC 3711 section 4.3, key derivation rate 0) from <paramref name="masterKey"/>.</summary>
    public SrtpContext(SrtpMasterKey masterKey)
        : this(masterKey.Profile, SessionKeys(masterKey, rtcp: false), SessionKeys(masterKey, rtcp: true))
    {
    }

    /// <summary>From already derived session keys (the RFC 7714 test vectors give these directly).</summary>
    internal SrtpContext(SrtpProtectionProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp)
    {
        Profile = profile;
        _rtpTagLength = profile.RtpTagLength();
        _rtcpTagLength = profile.RtcpTagLength();
        _rtp = CreateCipher(profile, rtp, _rtpTagLength);
        _rtcp = CreateCipher(profile, rtcp, _rtcpTagLength);
    }

    /// <summary>The suite in use.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>
    /// Protects the RTP packet <c>packet[..length]</c> in place: the payload is encrypted and the tag appended
    /// (<paramref name="length"/> grows by <see cref="SrtpProfileParameters.RtpTagLength"/>; <paramref name="packet"/>
    /// must have the room). The index continues from the packet's sequence number and this SSRC's rollover counter.
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> packet, ref int length)
    {
        int headerLength = RtpHeaderLengthOf(packet[..Math.Min(length, packet.Length)]);
        if (headerLength < 0)
        {
            return SrtpResult.Malformed;
        }

        if (packet.Length - length < _rtpTagLength)
        {
            return SrtpResult.NoRoom;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        lock (_lock)
        {
            if (_disposed)
            {
                return SrtpResult.KeyExhausted;
            }

            ref var source = ref Source(ssrc, create: true);

            // A sequence number from before the stream's start (a reordered first packet) stays in the first rollover.
            long estimate = source.EstimateRolloverCounter(sequence);
            uint roc = estimate < 0 ? 0 : (uint)estimate;
            source.Advance(roc, sequence);
            _rtp.EncryptRtp(packet, headerLength, length, ssrc, roc, sequence);
        }

        length += _rtpTagLength;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet <c>packet[..length]</c> in place (<paramref name="length"/> shrinks by the
    /// tag). Replays and packets behind the window are refused before any cryptography; state changes only for
    /// packets whose tag verified.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, ref int length)
    {
        if (length > packet.Length || length < RtpHeaderLength + _rtpTagLength)
        {
            return SrtpResult.Malformed;
        }

        int headerLength = RtpHeaderLengthOf(packet[..(length - _rtpTagLength)]);
        if (headerLength < 0)
        {
            return SrtpResult.Malformed;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        lock (_lock)
        {
            if (_disposed)
            {
                return SrtpResult.KeyExhausted;
            }

            int slot = Find(ssrc);
            var known = slot >= 0 ? _sources[slot] : default;
            long estimate = known.EstimateRolloverCounter(sequence);
            if (estimate < 0 || estimate > uint.MaxValue)
            {
                return SrtpResult.Replayed;
            }

            uint roc = (uint)estimate;
            ulong index = ((ulong)roc << 16) | sequence;
            if (!known.RtpReplay.IsFresh(index))
            {
                return SrtpResult.Replayed;
            }

            if (!_rtp.DecryptRtp(packet, headerLength, length, ssrc, roc, sequence))
            {
                return SrtpResult.AuthenticationFailed;
            }

            ref var source = ref Source(ssrc, create: true);
            source.Advance(roc, sequence);
            source.RtpReplay.Accept(index);
        }

        length -= _rtpTagLength;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Protects the RTCP compound packet <c>packet[..length]</c> in place: encrypts everything after the first 8
    /// octets, appends the E-flag/SRTCP index word and the tag (<see cref="SrtpProfileParameters.RtcpOverhead"/> bytes).
    /// </summary>
    public SrtpResult ProtectRtcp(Span<byte> packet, ref int length)
    {
        if (length > packet.Length || length < RtcpHeaderLength || (packet[0] >> 6) != 2)
        {
            return SrtpResult.Malformed;
        }

        int overhead = 4 + _rtcpTagLength;
        if (packet.Length - length < overhead)
        {
            return SrtpResult.NoRoom;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        lock (_lock)
        {
            if (_disposed)
            {
                return SrtpResult.KeyExhausted;
            }

            ref var source = ref Source(ssrc, create: true);
            if (source.NextRtcpIndex > MaxRtcpIndex)
            {
                return SrtpResult.KeyExhausted;
            }

            _rtcp.EncryptRtcp(packet, length, ssrc, source.NextRtcpIndex++);
        }

        length += overhead;
        return SrtpResult.Ok;
    }

    /// <summary>Verifies and (if its E-flag says so) decrypts the SRTCP packet <c>packet[..length]</c> in place; strips index word and tag.</summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, ref int length)
    {
        int overhead = 4 + _rtcpTagLength;
        if (length > packet.Length || length < RtcpHeaderLength + overhead || (packet[0] >> 6) != 2)
        {
            return SrtpResult.Malformed;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        int indexAt = Profile == SrtpProtectionProfile.AeadAes128Gcm ? length - 4 : length - overhead;
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[indexAt..]);
        bool encrypted = (word & 0x8000_0000u) != 0;
        uint index = word & MaxRtcpIndex;
        lock (_lock)
        {
            if (_disposed)
            {
                return SrtpResult.KeyExhausted;
            }

            int slot = Find(ssrc);
            if (slot >= 0 && !_sources[slot].RtcpReplay.IsFresh(index))
            {
                return SrtpResult.Replayed;
            }

            if (!_rtcp.DecryptRtcp(packet, length, ssrc, index, encrypted))
            {
                return SrtpResult.AuthenticationFailed;
            }

            Source(ssrc, create: true).RtcpReplay.Accept(index);
        }

        length -= overhead;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// What an HA standby needs to continue this context for each SSRC (the keys come from the SDP or the handshake):
    /// rollover counter, highest sequence number and SRTCP index.
    /// </summary>
    public IReadOnlyList<SrtpSourceSnapshot> Snapshot()
    {
        lock (_lock)
        {
            var result = new SrtpSourceSnapshot[_sourceCount];
            for (int i = 0; i < _sourceCount; i++)
            {
                ref var source = ref _sources[i];
                uint rtcpIndex = source.NextRtcpIndex != 0 ? source.NextRtcpIndex : (uint)source.RtcpReplay.Highest;
                result[i] = new SrtpSourceSnapshot(source.Ssrc, source.RolloverCounter, source.HighestSequence, rtcpIndex);
            }

            return result;
        }
    }

    /// <summary>
    /// Continues an SSRC from a <see cref="Snapshot"/> taken elsewhere: index estimation resumes at its rollover
    /// counter, anything at or before its indices counts as already received, and the next SRTCP index sent skips
    /// <paramref name="rtcpIndexMargin"/> ahead (the snapshot may be older than the last SRTCP packet the peer saw).
    /// </summary>
    public void Restore(SrtpSourceSnapshot snapshot, uint rtcpIndexMargin = 1024)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ref var source = ref Source(snapshot.Ssrc, create: true);
            source.RolloverCounter = snapshot.RolloverCounter;
            source.HighestSequence = snapshot.HighestSequence;
            source.RtpStarted = true;
            source.RtpReplay.Restore(((ulong)snapshot.RolloverCounter << 16) | snapshot.HighestSequence);
            source.RtcpReplay.Restore(snapshot.RtcpIndex);
            source.NextRtcpIndex = (uint)Math.Min((ulong)snapshot.RtcpIndex + rtcpIndexMargin, MaxRtcpIndex + 1UL);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _rtp.Dispose();
            _rtcp.Dispose();
        }
    }

    /// <summary>The RTP header's length (fixed part, CSRCs, extension), or -1 when it is not RTP v2 or runs past the end.</summary>
    private static int RtpHeaderLengthOf(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtpHeaderLength || (packet[0] >> 6) != 2)
        {
            return -1;
        }

        int length = RtpHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return -1;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        return length <= packet.Length ? length : -1;
    }

    private static SrtpSessionKeys SessionKeys(SrtpMasterKey master, bool rtcp)
    {
        var profile = master.Profile;
        byte offset = rtcp ? SrtpKeyDerivation.RtcpEncryptionLabel : SrtpKeyDerivation.RtpEncryptionLabel;
        return new SrtpSessionKeys(
            SrtpKeyDerivation.Derive(master.Key, master.Salt, offset, profile.KeyLength()),
            SrtpKeyDerivation.Derive(master.Key, master.Salt, (byte)(offset + 2), profile.SaltLength()),
            profile == SrtpProtectionProfile.AeadAes128Gcm
                ? []
                : SrtpKeyDerivation.Derive(master.Key, master.Salt, (byte)(offset + 1), SrtpKeyDerivation.AuthenticationKeyLength));
    }

    private static SrtpCipher CreateCipher(SrtpProtectionProfile profile, SrtpSessionKeys keys, int tagLength) =>
        profile == SrtpProtectionProfile.AeadAes128Gcm
            ? new AesGcmCipher(keys.EncryptionKey, keys.Salt)
            : new AesCmHmacSha1Cipher(keys.EncryptionKey, keys.Salt, keys.AuthenticationKey, tagLength);

    private int Find(uint ssrc)
    {
        for (int i = 0; i < _sourceCount; i++)
        {
            if (_sources[i].Ssrc == ssrc)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The state of <paramref name="ssrc"/>, created on first use (evicting the least recently used when full).</summary>
    private ref SrtpSourceState Source(uint ssrc, bool create)
    {
        int slot = Find(ssrc);
        if (slot < 0 && create)
        {
            if (_sourceCount < MaxSources)
            {
                slot = _sourceCount++;
            }
            else
            {
                slot = 0;
                for (int i = 1; i < MaxSources; i++)
                {
                    if (_sources[i].LastUsed < _sources[slot].LastUsed)
                    {
                        slot = i;
                    }
                }
            }

            _sources[slot] = new SrtpSourceState { Ssrc = ssrc };
        }

        ref var source = ref _sources[slot];
        source.LastUsed = ++_useClock;
        return ref source;
    }
}
