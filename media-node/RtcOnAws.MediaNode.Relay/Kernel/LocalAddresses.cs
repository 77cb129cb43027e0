using RtcOnAws.MediaNode.Relay.Kernel.Netlink;

namespace RtcOnAws.MediaNode.Relay.Kernel;

/// <summary>
/// The IPv4 addresses of the relay's own network namespace, read over <c>NETLINK_ROUTE</c> (the socket was opened in
/// that namespace, whichever thread asks later). A packet rewritten to a local destination would be delivered here
/// instead of forwarded and keep the sender's source address, so such streams stay in user space.
/// </summary>
internal sealed class LocalAddresses : IDisposable
{
    private const ushort GetAddress = 22;
    private const ushort NewAddress = 20;
    private const ushort AttributeAddress = 1;
    private const ushort AttributeLocal = 2;
    private const int AddressMessageSize = 8;

    private readonly NetlinkSocket _socket;
    private readonly NetlinkWriter _writer = new();

    private LocalAddresses(NetlinkSocket socket)
    {
        _socket = socket;
    }

    /// <summary>The addresses as read by the last <see cref="Refresh"/>, in the byte order of <see cref="KernelEntry.AddressBits"/>.</summary>
    public IReadOnlySet<uint> Current { get; private set; } = new HashSet<uint>();

    public static LocalAddresses Open()
    {
        var addresses = new LocalAddresses(NetlinkSocket.Open(Interop.LibC.NETLINK_ROUTE));
        addresses.Refresh();
        return addresses;
    }

    public bool IsLocal(System.Net.IPAddress address) =>
        System.Net.IPAddress.IsLoopback(address) || Current.Contains(KernelEntry.AddressBits(address));

    public void Refresh()
    {
        _writer.Reset();
        int message = _writer.BeginMessage(GetAddress, NfTables.FlagRequest | NfTables.FlagDump, _socket.NextSequence(), NfTables.FamilyIPv4);
        _writer.PutZeros(AddressMessageSize - 4);
        _writer.EndMessage(message);
        var found = new HashSet<uint>();
        _socket.Dump(_writer.Written, "Reading local addresses", (type, body) =>
        {
            if (type != NewAddress || body.Length < AddressMessageSize)
            {
                return;
            }

            var attributes = body[AddressMessageSize..];
            var address = NetlinkAttributes.Find(attributes, AttributeLocal);
            if (address.Length != 4)
            {
                address = NetlinkAttributes.Find(attributes, AttributeAddress);
            }

            if (address.Length == 4)
            {
                found.Add(BitConverter.ToUInt32(address));
            }
        });
        Current = found;
    }

    public void Dispose() => _socket.Dispose();
}
