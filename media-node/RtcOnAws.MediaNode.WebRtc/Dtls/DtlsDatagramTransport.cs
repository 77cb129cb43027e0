using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over the media socket: the socket's receive loop
/// <see cref="TryEnqueue"/>s DTLS datagrams (it must never block), the handshake thread takes them from a bounded
/// queue, and sends go straight out through the leg's sender. Closing wakes a waiting handshake so it fails.
/// BouncyCastle's receive timeouts (its retransmission backoff) end on the leg's <see cref="TimeProvider"/>.
/// </summary>
public sealed class DtlsDatagramTransport : DatagramTransport
{
    /// <summary>A handshake flight is a handful of datagrams; more queued than this is a flood, not a peer.</summary>
    public const int QueueCapacity = 32;

    /// <summary>Below the path MTU of IPv6 minimum links after IP/UDP headers, so no flight fragments in IP.</summary>
    public const int DatagramLimit = 1200;

    private readonly IDtlsDatagramSender _sender;
    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private volatile bool _closed;

    public DtlsDatagramTransport(IDtlsDatagramSender sender, TimeProvider time)
    {
        _sender = sender;
        _time = time;
    }

    public bool IsClosed => _closed;

    /// <summary>True while a received datagram waits for the handshake.</summary>
    public bool HasQueued => !_queue.IsEmpty;

    /// <summary>Hands one received datagram to the handshake; false (the caller counts a drop) when closed,
    /// oversized or the queue is full.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed || datagram.Length > DatagramLimit || _queue.Count >= QueueCapacity)
        {
            return false;
        }

        _queue.Enqueue(datagram.ToArray());
        _available.Release();
        return true;
    }

    public int GetReceiveLimit() => DatagramLimit;

    public int GetSendLimit() => DatagramLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (_closed)
        {
            throw new IOException("The DTLS transport is closed.");
        }

        if (!WaitForDatagram(waitMillis))
        {
            return -1;
        }

        if (_closed || !_queue.TryDequeue(out var datagram))
        {
            throw new IOException("The DTLS transport is closed.");
        }

        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    /// <summary>Waits for a queued datagram; false when <paramref name="waitMillis"/> (0: no limit) passed on the clock first.</summary>
    private bool WaitForDatagram(int waitMillis)
    {
        if (_available.Wait(0))
        {
            return true;
        }

        if (waitMillis == 0)
        {
            _available.Wait();
            return true;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(waitMillis), _time);
        try
        {
            _available.Wait(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!_closed)
        {
            _sender.Send(buffer);
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _available.Release();
    }
}
