using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over the media socket: the socket's receive loop
/// <see cref="TryEnqueue"/>s DTLS datagrams (it must never block), the handshake thread takes them from a bounded
/// queue, and sends go straight out through the leg's sender. Closing wakes a waiting handshake so it fails.
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
    private volatile bool _closed;

    public DtlsDatagramTransport(IDtlsDatagramSender sender) => _sender = sender;

    public bool IsClosed => _closed;

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

        if (!_available.Wait(waitMillis == 0 ? Timeout.Infinite : waitMillis))
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
