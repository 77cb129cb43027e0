using System.Buffers.Binary;

namespace RtcOnAws.MediaNode.Relay.Kernel.Netlink;

/// <summary>Walks a run of netlink attributes without allocating.</summary>
internal ref struct NetlinkAttributes
{
    private ReadOnlySpan<byte> _rest;

    public NetlinkAttributes(ReadOnlySpan<byte> attributes)
    {
        _rest = attributes;
        Type = 0;
        Value = default;
    }

    /// <summary>The current attribute's type, without the nested/byte-order flags.</summary>
    public ushort Type { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    public bool MoveNext()
    {
        if (_rest.Length < 4)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        if (length < 4 || length > _rest.Length)
        {
            return false;
        }

        Type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & 0x3fff);
        Value = _rest[4..length];
        _rest = _rest[Math.Min(NetlinkSocket.Align(length), _rest.Length)..];
        return true;
    }

    /// <summary>The value of the first attribute of <paramref name="type"/> in <paramref name="attributes"/>; empty if absent.</summary>
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> attributes, ushort type)
    {
        var reader = new NetlinkAttributes(attributes);
        while (reader.MoveNext())
        {
            if (reader.Type == type)
            {
                return reader.Value;
            }
        }

        return default;
    }
}
