using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.WebRtc.Stun;

/// <summary>
/// Writes STUN messages into a caller's buffer: attributes first, then MESSAGE-INTEGRITY and FINGERPRINT last,
/// each computed over what precedes it with the header length patched as RFC 5389 requires.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, ushort type, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4, 4), StunConstants.MagicCookie);
        transactionId.CopyTo(buffer.Slice(8, StunConstants.TransactionIdLength));
        _length = StunConstants.HeaderLength;
        PatchLength();
    }

    public readonly int Length => _length;

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        var value = Begin(StunConstants.AttributeXorMappedAddress, isV4 ? 8 : 20);
        value[0] = 0;
        value[1] = (byte)(isV4 ? 1 : 2);
        BinaryPrimitives.WriteUInt16BigEndian(value.Slice(2, 2), (ushort)(endPoint.Port ^ (StunConstants.MagicCookie >> 16)));
        var addressBytes = value[4..];
        address.TryWriteBytes(addressBytes, out _);
        // The address is XORed with the cookie then (IPv6) the transaction id, which sit contiguously in the header.
        var mask = _buffer.Slice(4, addressBytes.Length);
        for (var i = 0; i < addressBytes.Length; i++)
        {
            addressBytes[i] ^= mask[i];
        }

        End(value.Length);
    }

    public void AddUsername(ReadOnlySpan<byte> username)
    {
        var value = Begin(StunConstants.AttributeUsername, username.Length);
        username.CopyTo(value);
        End(username.Length);
    }

    public void AddPriority(uint priority)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Begin(StunConstants.AttributePriority, 4), priority);
        End(4);
    }

    public void AddUseCandidate()
    {
        Begin(StunConstants.AttributeUseCandidate, 0);
        End(0);
    }

    public void AddIceControlling(ulong tieBreaker)
    {
        BinaryPrimitives.WriteUInt64BigEndian(Begin(StunConstants.AttributeIceControlling, 8), tieBreaker);
        End(8);
    }

    public void AddErrorCode(int code, ReadOnlySpan<byte> reason)
    {
        var value = Begin(StunConstants.AttributeErrorCode, 4 + reason.Length);
        value[..2].Clear();
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
        End(value.Length);
    }

    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        var offset = _length;
        Begin(StunConstants.AttributeMessageIntegrity, StunConstants.MessageIntegrityLength);
        StunIntegrity.Compute(_buffer, offset, key, _buffer.Slice(offset + 4, StunConstants.MessageIntegrityLength));
        End(StunConstants.MessageIntegrityLength);
    }

    public void AddFingerprint()
    {
        var offset = _length;
        var value = Begin(StunConstants.AttributeFingerprint, StunConstants.FingerprintValueLength);
        End(StunConstants.FingerprintValueLength);
        var crc = Crc32.HashToUInt32(_buffer[..offset]) ^ StunConstants.FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(value, crc);
    }

    private readonly Span<byte> Begin(ushort type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        if (_length + 4 + padded > _buffer.Length)
        {
            throw new ArgumentException("The STUN message does not fit the buffer.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_length, 2), type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_length + 2, 2), (ushort)valueLength);
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Clear();
        return _buffer.Slice(_length + 4, valueLength);
    }

    private void End(int valueLength)
    {
        _length += 4 + ((valueLength + 3) & ~3);
        PatchLength();
    }

    private readonly void PatchLength() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2, 2), (ushort)(_length - StunConstants.HeaderLength));
}
