using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// Hands out even/odd port pairs (RTP even, RTCP odd) from [<see cref="MinPort"/>, <see cref="MaxPort"/>] on one
/// local address, binding the sockets as it goes. A port still bound (by a stream not yet disposed, or by anybody
/// else) is never handed out: sockets are bound without <c>SO_REUSEADDR</c> and <c>EADDRINUSE</c> skips the pair.
/// Allocation rotates through the range so a just-freed pair is reused last. Thread-safe.
/// </summary>
public sealed class PortPool
{
    private readonly RelayEngine _engine;
    private readonly bool[] _reserved;
    private readonly Lock _lock = new();
    private int _cursor;
    private int _inUse;

    /// <summary>
    /// Creates a pool on <paramref name="localAddress"/> (the interface or floating address media is relayed on) and
    /// makes room in the process's descriptor table for every socket the range can hold.
    /// </summary>
    public PortPool(RelayEngine engine, IPAddress localAddress, int minPort, int maxPort)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(localAddress);
        if (localAddress.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"localAddress {localAddress} must be IPv4 or IPv6.", nameof(localAddress));
        }

        if (minPort is < 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(minPort), minPort, "minPort must be between 1 and 65535.");
        }

        if (maxPort < minPort || maxPort > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPort), maxPort, $"maxPort must be between minPort ({minPort}) and 65535.");
        }

        FirstRtpPort = minPort % 2 == 0 ? minPort : minPort + 1;
        int pairs = FirstRtpPort + 1 > maxPort ? 0 : ((maxPort - FirstRtpPort - 1) / 2) + 1;
        if (pairs == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPort), maxPort, $"The range {minPort}-{maxPort} holds no even/odd port pair.");
        }

        _engine = engine;
        LocalAddress = localAddress;
        MinPort = minPort;
        MaxPort = maxPort;
        _reserved = new bool[pairs];
        engine.Reserve(pairs);
    }

    /// <summary>The address every stream of this pool is bound to.</summary>
    public IPAddress LocalAddress { get; }

    /// <summary>The engine whose streams this pool allocates.</summary>
    public RelayEngine Engine => _engine;

    /// <summary>Lowest port of the range.</summary>
    public int MinPort { get; }

    /// <summary>Highest port of the range.</summary>
    public int MaxPort { get; }

    /// <summary>Port pairs in the range.</summary>
    public int Capacity => _reserved.Length;

    /// <summary>Pairs held by streams not yet disposed.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    private int FirstRtpPort { get; }

    /// <summary>
    /// Binds the next free pair: RTP on the even port and, unless <paramref name="rtcpMux"/>, RTCP on the odd one.
    /// <paramref name="freeBind"/> sets <c>IP_FREEBIND</c> so the address need not be on an interface yet (HA standby).
    /// Returns false when every pair is reserved or still bound. Throws <see cref="InvalidOperationException"/> when
    /// binding fails for another reason (e.g. the address is not local and <paramref name="freeBind"/> is false).
    /// </summary>
    public bool TryAllocate(bool rtcpMux, bool freeBind, [NotNullWhen(true)] out RelayStream? stream)
    {
        _engine.ThrowIfDisposed();
        for (int tried = 0; tried < _reserved.Length; tried++)
        {
            int index;
            lock (_lock)
            {
                index = _cursor;
                _cursor = (_cursor + 1) % _reserved.Length;
                if (!TryClaim(index))
                {
                    continue;
                }
            }

            if (TryBindClaimed(index, rtcpMux, freeBind, out stream))
            {
                return true;
            }
        }

        stream = null;
        return false;
    }

    /// <summary>
    /// Binds exactly <paramref name="rtpPort"/> and the odd port after it: the HA standby binds the ports the active
    /// allocated. Returns false (never throws for a bad port) when the port is odd, its pair is outside the range, the
    /// pair is reserved here, or either port is still bound. Safe to call from several threads at once: the pair is
    /// claimed under the pool's lock, the sockets are bound outside it.
    /// </summary>
    public bool TryAllocateExact(int rtpPort, bool rtcpMux, bool freeBind, [NotNullWhen(true)] out RelayStream? stream)
    {
        _engine.ThrowIfDisposed();
        stream = null;
        if (rtpPort < FirstRtpPort || rtpPort + 1 > MaxPort || rtpPort % 2 != 0)
        {
            return false;
        }

        int index = (rtpPort - FirstRtpPort) / 2;
        lock (_lock)
        {
            if (!TryClaim(index))
            {
                return false;
            }
        }

        return TryBindClaimed(index, rtcpMux, freeBind, out stream);
    }

    internal void Release(int rtpPort) => Unclaim((rtpPort - FirstRtpPort) / 2);

    // Caller holds _lock.
    private bool TryClaim(int index)
    {
        if (_reserved[index])
        {
            return false;
        }

        _reserved[index] = true;
        _inUse++;
        return true;
    }

    private void Unclaim(int index)
    {
        lock (_lock)
        {
            _reserved[index] = false;
            _inUse--;
        }
    }

    /// <summary>Binds a pair this thread claimed; gives the claim back when binding fails or throws.</summary>
    private bool TryBindClaimed(int index, bool rtcpMux, bool freeBind, [NotNullWhen(true)] out RelayStream? stream)
    {
        stream = null;
        int rtpPort = FirstRtpPort + (index * 2);
        var backend = _engine.Backend;
        RelaySocket? rtp = null;
        try
        {
            rtp = backend.TryBind(LocalAddress, rtpPort, freeBind);
            RelaySocket? rtcp = null;
            if (rtp is not null && !rtcpMux)
            {
                rtcp = backend.TryBind(LocalAddress, rtpPort + 1, freeBind);
                if (rtcp is null)
                {
                    backend.CloseUnregistered(rtp);
                    rtp = null;
                }
            }

            if (rtp is null)
            {
                Unclaim(index);
                return false;
            }

            stream = new RelayStream(_engine, this, rtp, rtcp);
        }
        catch
        {
            if (rtp is not null)
            {
                backend.CloseUnregistered(rtp);
            }

            Unclaim(index);
            throw;
        }

        _engine.Register(stream);
        return true;
    }
}
