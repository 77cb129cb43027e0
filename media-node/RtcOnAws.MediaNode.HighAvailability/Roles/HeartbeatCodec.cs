using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// Wire format of peer heartbeats, authenticated with HMAC-SHA256 (truncated to 16 bytes) under a key both nodes share:
/// <c>"MNHB" | version | role | reserved | id length | boot id (8) | sequence (8) | unix ms (8) | echo sequence (8) | node id | mac (16)</c>.
/// Integers are big-endian. A forged or altered heartbeat fails the MAC; replays are refused by the receiver
/// (<see cref="HeartbeatReplayGuard"/>).
/// </summary>
public sealed class HeartbeatCodec
{
    /// <summary>Shortest accepted key, in bytes.</summary>
    public const int MinKeyLength = 16;

    /// <summary>Largest heartbeat on the wire.</summary>
    public const int MaxSize = HeaderSize + MaxNodeIdBytes + MacSize;

    private const int HeaderSize = 40;
    private const int MacSize = 16;
    private const int MaxNodeIdBytes = 64;
    private const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "MNHB"u8;
    private readonly byte[] _key;

    /// <summary>Creates a codec with the shared key.</summary>
    public HeartbeatCodec(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyLength)
        {
            throw new ArgumentException($"the heartbeat key must be at least {MinKeyLength} bytes, got {key.Length}", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    /// <summary>Writes <paramref name="heartbeat"/> into <paramref name="destination"/>; returns the byte count.</summary>
    public int Encode(in Heartbeat heartbeat, Span<byte> destination)
    {
        var idLength = Encoding.UTF8.GetByteCount(heartbeat.NodeId);
        if (idLength is 0 or > MaxNodeIdBytes)
        {
            throw new ArgumentException($"node id must be 1-{MaxNodeIdBytes} UTF-8 bytes", nameof(heartbeat));
        }

        var size = HeaderSize + idLength + MacSize;
        if (destination.Length < size)
        {
            throw new ArgumentException($"destination needs {size} bytes", nameof(destination));
        }

        Magic.CopyTo(destination);
        destination[4] = Version;
        destination[5] = (byte)heartbeat.Role;
        destination[6] = 0;
        destination[7] = (byte)idLength;
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], heartbeat.BootId);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], heartbeat.Sequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[24..], heartbeat.SentUnixMs);
        BinaryPrimitives.WriteUInt64BigEndian(destination[32..], heartbeat.EchoSequence);
        Encoding.UTF8.GetBytes(heartbeat.NodeId, destination.Slice(HeaderSize, idLength));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, destination[..(HeaderSize + idLength)], mac);
        mac[..MacSize].CopyTo(destination[(HeaderSize + idLength)..]);
        return size;
    }

    /// <summary>Parses and authenticates a datagram; false for anything malformed or with a wrong MAC.</summary>
    public bool TryDecode(ReadOnlySpan<byte> datagram, out Heartbeat heartbeat)
    {
        heartbeat = default;
        if (datagram.Length < HeaderSize + 1 + MacSize || !datagram[..4].SequenceEqual(Magic) || datagram[4] != Version)
        {
            return false;
        }

        int idLength = datagram[7];
        if (idLength is 0 or > MaxNodeIdBytes || datagram.Length != HeaderSize + idLength + MacSize || datagram[5] > (byte)NodeRole.Fenced)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, datagram[..(HeaderSize + idLength)], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacSize], datagram[(HeaderSize + idLength)..]))
        {
            return false;
        }

        string nodeId;
        try
        {
            nodeId = new UTF8Encoding(false, true).GetString(datagram.Slice(HeaderSize, idLength));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        heartbeat = new Heartbeat(
            nodeId,
            BinaryPrimitives.ReadUInt64BigEndian(datagram[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(datagram[16..]),
            BinaryPrimitives.ReadInt64BigEndian(datagram[24..]),
            (NodeRole)datagram[5],
            BinaryPrimitives.ReadUInt64BigEndian(datagram[32..]));
        return true;
    }
}
