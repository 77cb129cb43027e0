using Org.BouncyCastle.Tls;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over the media socket: the socket's receive loop
/// <see cref="TryEnqueue"/>s DTLS datagrams (it must never block), the handshake thread takes them from a bounded
/// queue, and sends go straight out through the leg's sender. Closing wakes a waiting handshake so it fails.
/// BouncyCastle's receive timeouts (its retransmission backoff) end on the leg's <see cref="TimeProvider"/>.
/// The handshake thread waits with <see cref="Monitor.Wait(object)"/>, which blocks at once: a spinning wait
/// (<see cref="SemaphoreSlim"/>) burnt more CPU per handshake than any step of the handshake itself, because each
/// flight leaves the thread waiting for the peer's answer.
/// </summary>
public sealed class DtlsDatagramTransport : DatagramTransport
{
    /// <summary>A handshake flight is a handful of datagrams; more queued than this is a flood, not a peer.</summary>
    public const int QueueCapacity = 32;

    /// <summary>Below the path MTU of IPv6 minimum links after IP/UDP headers, so no flight fragments in IP.</summary>
    public const int DatagramLimit = 1200;

    private readonly IDtlsDatagramSender _sender;
    private readonly Queue<byte[]> _queue = new(QueueCapacity);
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private ITimer? _wake;
    private volatile bool _closed;

    public DtlsDatagramTransport(IDtlsDatagramSender sender, TimeProvider time)
    {
        _sender = sender;
        _time = time;
    }

    public bool IsClosed => _closed;

    /// <summary>True while a received datagram waits for the handshake.</summary>
    public bool HasQueued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count > 0;
            }
        }
    }

    /// <summary>Hands one received datagram to the handshake; false (the caller counts a drop) when closed,
    /// oversized or the queue is full.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > DatagramLimit)
        {
            return false;
        }

        lock (_gate)
        {
            if (_closed || _queue.Count >= QueueCapacity)
            {
                return false;
            }

            _queue.Enqueue(datagram.ToArray());
            Monitor.Pulse(_gate);
            return true;
        }
    }

    public int GetReceiveLimit() => DatagramLimit;

    public int GetSendLimit() => DatagramLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>The next queued datagram, waiting at most <paramref name="waitMillis"/> (0: no limit) on the clock;
    /// -1 when that passed first. Throws <see cref="IOException"/> once closed.</summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        byte[] datagram;
        lock (_gate)
        {
            long deadline = waitMillis == 0 ? long.MaxValue : _time.GetTimestamp() + waitMillis * _time.TimestampFrequency / 1000;
            while (!_queue.TryDequeue(out datagram!))
            {
                ThrowIfClosed();
                if (waitMillis != 0)
                {
                    // Re-armed on every wake: the timer may fire a little before the timestamp reaches the deadline.
                    var remaining = TimeSpan.FromSeconds((double)(deadline - _time.GetTimestamp()) / _time.TimestampFrequency);
                    if (remaining <= TimeSpan.Zero)
                    {
                        return -1;
                    }

                    Arm(remaining);
                }

                Monitor.Wait(_gate);
            }

            ThrowIfClosed();
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
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _wake?.Dispose();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>One timer per transport, created on the first timed wait and moved by each one after.</summary>
    private void Arm(TimeSpan dueTime)
    {
        if (_wake is null)
        {
            _wake = _time.CreateTimer(static state => ((DtlsDatagramTransport)state!).Wake(), this, dueTime, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _wake.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void Wake()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IOException("The DTLS transport is closed.");
        }
    }
}
