using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Relay.Kernel.Netlink;

namespace RtcOnAws.MediaNode.Relay.Kernel;

/// <summary>
/// Keeps the kernel's forwarding table in step with the engine's streams: a socket whose remote endpoint is learned,
/// whose stream has a peer with a destination, gets one element; anything else (a stranger, RTCP on a multiplexed
/// port, IPv6, a fenced node) stays in user space. Reads the per-element counters back into the streams' counters
/// every <see cref="RelayEngineOptions.KernelCounterInterval"/>. One lock serialises every netlink exchange; control
/// calls are rare next to packets, and a batch of hundreds of streams is one round trip.
/// </summary>
internal sealed class KernelForwarder : IDisposable
{
    /// <summary>High byte of every mark we set, so our postrouting map never matches another program's marks.</summary>
    private const uint MarkTag = 0x52000000;
    private const int UdpIPv4HeaderBytes = 28;

    private readonly RelayEngine _engine;
    private readonly ForwardingTable _table;
    private readonly LocalAddresses _localAddresses;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<RelaySocket, Installed> _installed = [];
    private readonly Dictionary<(bool Rtcp, uint Address, ushort Port), Installed> _byLocal = [];
    private readonly Stack<uint> _freeMarks = new();
    private readonly ITimer _poll;
    private uint _nextMark = 1;
    private long _failures;
    private bool _disposed;

    private KernelForwarder(RelayEngine engine, ForwardingTable table, LocalAddresses localAddresses, ILogger logger)
    {
        _engine = engine;
        _table = table;
        _localAddresses = localAddresses;
        _logger = logger;
        var interval = engine.Options.KernelCounterInterval;
        _poll = engine.Time.CreateTimer(_ => Poll(), null, interval, interval);
    }

    /// <summary>Elements installed now (stream directions forwarded by the kernel).</summary>
    public int Entries
    {
        get
        {
            lock (_lock)
            {
                return _installed.Count;
            }
        }
    }

    /// <summary>Streams that stayed in user space because the kernel refused their entry (full table, netlink error).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Sets up the table per <see cref="RelayEngineOptions.KernelForwarding"/>. Returns null (user space) when off, or when
    /// unavailable in <see cref="KernelForwardingMode.Auto"/> with <paramref name="reason"/> set; throws when unavailable
    /// in <see cref="KernelForwardingMode.On"/>.
    /// </summary>
    public static KernelForwarder? TryStart(RelayEngine engine, ILogger logger, out string? reason)
    {
        reason = null;
        var options = engine.Options;
        if (options.KernelForwarding == KernelForwardingMode.Off)
        {
            reason = "kernel forwarding is off";
            return null;
        }

        try
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("kernel forwarding needs Linux nftables");
            }

            // Rewritten packets are routed like any forwarded packet; with forwarding off the kernel drops them.
            if (File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() != "1")
            {
                throw new InvalidOperationException("net.ipv4.ip_forward is 0 (set it to 1 so the kernel forwards rewritten packets)");
            }

            var localAddresses = LocalAddresses.Open();
            ForwardingTable? table = null;
            try
            {
                table = new ForwardingTable(NetlinkSocket.Open(Interop.LibC.NETLINK_NETFILTER), options.KernelTableName, options.KernelTableCapacity);
                table.Install();
            }
            catch
            {
                table?.Dispose();
                localAddresses.Dispose();
                throw;
            }

            logger.LogInformation("Kernel forwarding on: nftables table ip {Table}", options.KernelTableName);
            return new KernelForwarder(engine, table, localAddresses, logger);
        }
        catch (Exception exception) when (options.KernelForwarding == KernelForwardingMode.Auto && exception is not OutOfMemoryException)
        {
            reason = exception.Message;
            logger.LogWarning("Kernel forwarding unavailable, relaying in user space: {Reason}", reason);
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new KernelForwardingUnavailableException($"Kernel forwarding is on but unavailable: {exception.Message}", exception);
        }
    }

    public bool IsInstalled(RelayStream stream)
    {
        lock (_lock)
        {
            return _installed.ContainsKey(stream.RtpSocket) || (stream.RtcpSocket is { } rtcp && _installed.ContainsKey(rtcp));
        }
    }

    /// <summary>Brings the entries of <paramref name="streams"/>' sockets in line with their state, in one transaction.</summary>
    public void Sync(params ReadOnlySpan<RelayStream?> streams)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var plan = new Plan();
            foreach (var stream in streams)
            {
                if (stream is not null)
                {
                    PlanStream(stream, plan);
                }
            }

            Execute(plan);
        }
    }

    /// <summary>Re-evaluates every stream (forwarding switched on or off, HA takeover).</summary>
    public void SyncAll(IEnumerable<RelayStream> streams)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var plan = new Plan();
            foreach (var stream in streams)
            {
                PlanStream(stream, plan);
            }

            foreach (var socket in _installed.Keys)
            {
                if (socket.Stream.IsDisposed && plan.Seen.Add(socket))
                {
                    plan.Remove.Add(socket);
                }
            }

            Execute(plan);
        }
    }

    /// <summary>Reads the kernel's counters into the streams' counters; removes everything when the node has fenced itself.</summary>
    public void Poll()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            TryReadCounters();
            try
            {
                _localAddresses.Refresh();
            }
            catch (NetlinkException exception)
            {
                _logger.LogWarning("Reading local addresses failed: {Error}", exception.Message);
            }

            if (_installed.Count > 0 && !_engine.IsForwarding(_engine.Time.GetTimestamp()))
            {
                var plan = new Plan();
                plan.Remove.AddRange(_installed.Keys);
                Execute(plan);
            }
        }
    }

    /// <summary>Stops polling and deletes the table (every entry with it).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _poll.Dispose();
            try
            {
                ReadCounters();
                _table.Delete();
            }
            catch (NetlinkException exception)
            {
                // The table is owned by our netlink socket: closing it below makes the kernel delete it anyway.
                _logger.LogWarning("Deleting the kernel forwarding table failed: {Error}", exception.Message);
            }

            _installed.Clear();
            _byLocal.Clear();
            _table.Dispose();
            _localAddresses.Dispose();
        }
    }

    private void PlanStream(RelayStream stream, Plan plan)
    {
        PlanSocket(stream.RtpSocket, plan);
        if (stream.RtcpSocket is { } rtcp)
        {
            PlanSocket(rtcp, plan);
        }
    }

    private void PlanSocket(RelaySocket socket, Plan plan)
    {
        if (!plan.Seen.Add(socket))
        {
            return;
        }

        _installed.TryGetValue(socket, out var current);
        var desired = Desired(socket, current?.Entry.Mark ?? 0);
        if (current is not null && desired == current.Entry)
        {
            return;
        }

        if (current is not null)
        {
            plan.Remove.Add(socket);
        }

        if (desired is { } entry)
        {
            plan.Add.Add((socket, entry));
        }
    }

    /// <summary>
    /// The entry a socket should have now; null keeps it in user space. A party on this host stays there: packets it
    /// sends pass prerouting on the loopback device, and packets to it would be delivered, not forwarded. So does a
    /// stream whose packets are rewritten on either leg (SRTP, DTLS-SRTP): the kernel path copies bytes unchanged.
    /// </summary>
    private KernelEntry? Desired(RelaySocket socket, uint mark)
    {
        var stream = socket.Stream;
        if (stream.IsDisposed || socket.IsClosed || stream.AddressFamily != AddressFamily.InterNetwork
            || !_engine.IsForwarding(_engine.Time.GetTimestamp()))
        {
            return null;
        }

        var learner = socket.Learner;
        var source = learner.Learned ?? (learner.Mode == EndpointLearning.Off ? learner.Expected : null);
        var peer = stream.Peer;
        if (source is null || source.IsIPv6 || _localAddresses.IsLocal(source.EndPoint.Address)
            || peer is null || peer.IsDisposed || peer.AddressFamily != AddressFamily.InterNetwork
            || stream.Transform is not null || peer.Transform is not null)
        {
            return null;
        }

        bool rtcp = socket.Channel == RelayChannel.Rtcp;
        var outgoing = peer.OutgoingSocket(rtcp);
        var destination = outgoing.Learner.Destination;
        if (destination is null || destination.IsIPv6 || outgoing.IsClosed || _localAddresses.IsLocal(destination.EndPoint.Address))
        {
            return null;
        }

        return new KernelEntry(
            rtcp,
            source.EndPoint,
            new IPEndPoint(stream.LocalAddress, socket.Port),
            mark,
            destination.EndPoint,
            new IPEndPoint(peer.LocalAddress, outgoing.Port));
    }

    private void Execute(Plan plan)
    {
        if (plan.Remove.Count == 0 && plan.Add.Count == 0)
        {
            return;
        }

        if (plan.Remove.Count > 0)
        {
            // The last packets counted before an element goes must still reach the stream's counters.
            TryReadCounters();
        }

        var adds = new List<(RelaySocket Socket, KernelEntry Entry)>(plan.Add.Count);
        foreach (var (socket, entry) in plan.Add)
        {
            adds.Add((socket, entry with { Mark = AllocateMark() }));
        }

        var removals = plan.Remove.Select(socket => _installed[socket].Entry).ToList();
        try
        {
            _table.Apply(removals, adds.Select(a => a.Entry).ToList());
            foreach (var socket in plan.Remove)
            {
                Forget(socket);
            }

            foreach (var (socket, entry) in adds)
            {
                Remember(socket, entry);
            }
        }
        catch (NetlinkException exception)
        {
            ExecuteOneByOne(plan.Remove, adds, exception);
        }
    }

    /// <summary>A batch failed as a whole: retry each change alone so one bad element (a full table) costs only itself.</summary>
    private void ExecuteOneByOne(List<RelaySocket> removals, List<(RelaySocket Socket, KernelEntry Entry)> adds, NetlinkException batchError)
    {
        _logger.LogWarning("A kernel forwarding update failed ({Error}); retrying stream by stream", batchError.Message);
        foreach (var socket in removals)
        {
            try
            {
                _table.Apply([_installed[socket].Entry], []);
            }
            catch (NetlinkException exception) when (exception.Errno == NetlinkException.ENOENT)
            {
                // Already gone from the kernel.
            }
            catch (NetlinkException exception)
            {
                _logger.LogError("Removing a kernel forwarding entry for port {Port} failed: {Error}", socket.Port, exception.Message);
            }

            Forget(socket);
        }

        foreach (var (socket, entry) in adds)
        {
            try
            {
                _table.Apply([], [entry]);
                Remember(socket, entry);
            }
            catch (NetlinkException exception)
            {
                Interlocked.Increment(ref _failures);
                ReleaseMark(entry.Mark);
                _logger.LogDebug("Port {Port} stays in user space: {Error}", socket.Port, exception.Message);
            }
        }
    }

    private void Remember(RelaySocket socket, KernelEntry entry)
    {
        var installed = new Installed(socket, entry);
        _installed[socket] = installed;
        _byLocal[LocalKey(entry)] = installed;
    }

    private void Forget(RelaySocket socket)
    {
        if (_installed.Remove(socket, out var installed))
        {
            _byLocal.Remove(LocalKey(installed.Entry));
            ReleaseMark(installed.Entry.Mark);
        }
    }

    private uint AllocateMark() => _freeMarks.Count > 0 ? _freeMarks.Pop() : MarkTag | _nextMark++;

    private void ReleaseMark(uint mark) => _freeMarks.Push(mark);

    private static (bool, uint, ushort) LocalKey(KernelEntry entry) =>
        (entry.Rtcp, KernelEntry.AddressBits(entry.Local.Address), (ushort)entry.Local.Port);

    private void TryReadCounters()
    {
        try
        {
            ReadCounters();
        }
        catch (NetlinkException exception)
        {
            _logger.LogWarning("Reading kernel forwarding counters failed: {Error}", exception.Message);
        }
    }

    private void ReadCounters()
    {
        if (_installed.Count == 0)
        {
            return;
        }

        long now = _engine.Time.GetTimestamp();
        var engineCounters = _engine.KernelCounters;
        _table.ReadCounters((rtcp, address, port, packets, bytes) =>
        {
            if (!_byLocal.TryGetValue((rtcp, address, port), out var installed))
            {
                return;
            }

            long newPackets = packets - installed.Packets;
            long newBytes = bytes - installed.Bytes;
            if (newPackets <= 0)
            {
                return;
            }

            installed.Packets = packets;
            installed.Bytes = bytes;
            long payload = newBytes - (newPackets * UdpIPv4HeaderBytes);
            var stream = installed.Socket.Stream;
            stream.CounterSet.AddForwardedInKernel(rtcp, newPackets, payload, now);
            engineCounters.AddReceived(newPackets);
            engineCounters.AddRelayed(newPackets, payload);
        });
    }

    private sealed class Installed(RelaySocket socket, KernelEntry entry)
    {
        public RelaySocket Socket { get; } = socket;

        public KernelEntry Entry { get; } = entry;

        public long Packets { get; set; }

        public long Bytes { get; set; }
    }

    private sealed class Plan
    {
        public HashSet<RelaySocket> Seen { get; } = [];

        public List<RelaySocket> Remove { get; } = [];

        public List<(RelaySocket Socket, KernelEntry Entry)> Add { get; } = [];
    }
}
