using System.Buffers.Binary;
using System.Text;

namespace RtcOnAws.MediaNode.Relay.Kernel.Netlink;

/// <summary>
/// Builds netlink messages with <c>nfgenmsg</c> headers and (nested) attributes into one reusable buffer, the way
/// libmnl does: little-endian headers, 4-byte alignment, nf_tables integers in network byte order.
/// </summary>
internal sealed class NetlinkWriter
{
    private const ushort NestedFlag = 0x8000;

    private byte[] _buffer = new byte[4096];
    private int _length;
    private int _lastMessage = -1;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Reset()
    {
        _length = 0;
        _lastMessage = -1;
    }

    /// <summary>ORs <paramref name="flags"/> into the most recent message, unless that is the one at <paramref name="unlessAt"/>.</summary>
    public void AddFlagsToLastMessage(int unlessAt, ushort flags)
    {
        if (_lastMessage < 0 || _lastMessage == unlessAt)
        {
            return;
        }

        var field = _buffer.AsSpan(_lastMessage + 6);
        BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(field) | flags));
    }

    /// <summary>Starts a message: <c>nlmsghdr</c> then <c>nfgenmsg</c>. Returns its offset for <see cref="EndMessage"/>.</summary>
    public int BeginMessage(ushort type, ushort flags, uint sequence, byte family, ushort resourceId = 0)
    {
        int start = _length;
        _lastMessage = start;
        var header = Reserve(20);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        header[16] = family;
        header[17] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[18..], resourceId);
        return start;
    }

    /// <summary>Appends zero bytes (the rest of a family header longer than <c>nfgenmsg</c>, e.g. <c>ifaddrmsg</c>).</summary>
    public void PutZeros(int bytes) => Reserve(bytes).Clear();

    public void EndMessage(int start) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start), (uint)(_length - start));

    public void PutU32(ushort type, uint value)
    {
        var attribute = BeginAttribute(type, 4);
        BinaryPrimitives.WriteUInt32BigEndian(attribute, value);
    }

    public void PutString(ushort type, string value)
    {
        int bytes = Encoding.ASCII.GetByteCount(value);
        var attribute = BeginAttribute(type, bytes + 1);
        Encoding.ASCII.GetBytes(value, attribute);
        attribute[bytes] = 0;
    }

    public void PutBytes(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(BeginAttribute(type, value.Length));

    /// <summary>Starts a nested attribute; returns its offset for <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        var header = Reserve(4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)(type | NestedFlag));
        return start;
    }

    public void EndNested(int start) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));

    private Span<byte> BeginAttribute(ushort type, int payload)
    {
        int total = 4 + payload;
        var attribute = Reserve(NetlinkSocket.Align(total));
        attribute.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)total);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], type);
        return attribute.Slice(4, payload);
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }

        var span = _buffer.AsSpan(_length, bytes);
        _length += bytes;
        return span;
    }
}
