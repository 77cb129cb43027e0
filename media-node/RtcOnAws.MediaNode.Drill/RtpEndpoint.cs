using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// One user agent's side of every drill call: a single UDP socket (the address:port its SDP announces) inside its
/// namespace, a sender thread that paces 172-byte RTP packets (12-byte header + 160 bytes of G.711) at 50 per second
/// per call, and a receiver thread that records, per call, what arrived from the other side and the longest silence.
/// The SSRC carries the call index and direction; the payload starts with the send time.
/// </summary>
public sealed class RtpEndpoint : IDisposable
{
    /// <summary>RTP packet size: header plus 20 ms of G.711.</summary>
    public const int PacketSize = 172;

    /// <summary>Packet interval (20 ms ptime).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly Socket _socket;
    private readonly int _direction;
    private readonly CancellationTokenSource _stop = new();
    private SocketAddress[] _targets = [];
    private Thread? _sender;
    private Thread? _receiver;
    private volatile bool _sending;
    private long _markAt;

    /// <summary>Binds the user agent's RTP socket in <paramref name="namespaceName"/>.</summary>
    /// <param name="namespaceName">The user agent's namespace.</param>
    /// <param name="local">The address:port its SDP announces.</param>
    /// <param name="direction">0 for the caller, 1 for the callee (goes into the SSRC).</param>
    /// <param name="calls">Number of calls.</param>
    public RtpEndpoint(string namespaceName, IPEndPoint local, int direction, int calls)
    {
        _direction = direction;
        _socket = NetworkNamespace.Run(namespaceName, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.ReceiveBufferSize = 8 << 20;
            socket.SendBufferSize = 8 << 20;
            socket.Bind(local);
            return socket;
        });
        _socket.ReceiveTimeout = 100;
        Sent = new long[calls];
        Received = new long[calls];
        FirstArrival = new long[calls];
        LastArrival = new long[calls];
        MaxGap = new long[calls];
        MaxGapEnd = new long[calls];
        LastSequenceReceived = new int[calls];
        LastSequenceSent = new int[calls];
        OutOfOrder = new long[calls];
        GapAcrossMark = new long[calls];
    }

    /// <summary>Packets sent per call.</summary>
    public long[] Sent { get; }

    /// <summary>Packets received per call (from the other side).</summary>
    public long[] Received { get; }

    /// <summary>Monotonic time of the first packet received per call (0 = none).</summary>
    public long[] FirstArrival { get; }

    /// <summary>Monotonic time of the last packet received per call.</summary>
    public long[] LastArrival { get; }

    /// <summary>Longest time between two consecutive packets received per call (Stopwatch ticks).</summary>
    public long[] MaxGap { get; }

    /// <summary>When the longest gap ended, per call.</summary>
    public long[] MaxGapEnd { get; }

    /// <summary>
    /// Per call, the silence that spans <see cref="MarkAt"/> (the kill): from the last packet before it to the first
    /// after it. Separates the failover's own gap from gaps the machine's load causes anywhere in the run.
    /// </summary>
    public long[] GapAcrossMark { get; }

    /// <summary>Monotonic instant whose spanning gap is recorded in <see cref="GapAcrossMark"/> (0 = none yet).</summary>
    public long MarkAt
    {
        get => Volatile.Read(ref _markAt);
        set => Volatile.Write(ref _markAt, value);
    }

    /// <summary>Highest RTP sequence number received per call.</summary>
    public int[] LastSequenceReceived { get; }

    /// <summary>Packets that arrived after a later one of the same call (a stale packet replayed by a node that woke up).</summary>
    public long[] OutOfOrder { get; }

    /// <summary>Last RTP sequence number sent per call.</summary>
    public int[] LastSequenceSent { get; }

    /// <summary>Sets where each call's packets go (the node's port facing this user agent).</summary>
    public void SetTargets(IReadOnlyList<IPEndPoint> targets) => _targets = targets.Select(t => t.Serialize()).ToArray();

    /// <summary>Starts receiving (call before the other side starts sending).</summary>
    public void StartReceiving()
    {
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"rtp-receive-{_direction}" };
        _receiver.Start();
    }

    /// <summary>Starts sending for at most <paramref name="limit"/> (every load loop is bounded in time and packets).</summary>
    public void StartSending(TimeSpan limit)
    {
        _sending = true;
        _sender = new Thread(() => SendLoop(limit)) { IsBackground = true, Name = $"rtp-send-{_direction}" };
        _sender.Start();
    }

    /// <summary>Stops sending (the receiver keeps draining).</summary>
    public void StopSending()
    {
        _sending = false;
        _sender?.Join();
    }

    /// <summary>Stops everything.</summary>
    public void Dispose()
    {
        _sending = false;
        _stop.Cancel();
        _sender?.Join();
        _receiver?.Join();
        _socket.Dispose();
        _stop.Dispose();
    }

    private void SendLoop(TimeSpan limit)
    {
        var packet = new byte[PacketSize];
        var calls = _targets.Length;
        var interval = (long)(Interval.TotalSeconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var due = new long[calls];
        for (var i = 0; i < calls; i++)
        {
            // Spread the calls over the 20 ms so the node sees a steady rate, not one burst per period.
            due[i] = start + (interval * i / Math.Max(calls, 1));
        }

        packet[0] = 0x80;
        packet[1] = 0x00;
        packet.AsSpan(12 + 8).Fill(0xFF);
        while (_sending)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            for (var i = 0; i < calls; i++)
            {
                if (due[i] > now)
                {
                    continue;
                }

                var sequence = LastSequenceSent[i] + 1;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)sequence);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(sequence * 160));
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), (uint)((i * 2) + _direction));
                BinaryPrimitives.WriteInt64BigEndian(packet.AsSpan(12), now);
                try
                {
                    _socket.SendTo(packet, SocketFlags.None, _targets[i]);
                }
                catch (SocketException)
                {
                    // Counted as sent: a packet the network refused is a packet lost.
                }

                LastSequenceSent[i] = sequence;
                Sent[i]++;
                due[i] += interval;
                if (due[i] < now - interval)
                {
                    // This thread was descheduled: keep the 50 packets/s rate instead of bursting to catch up.
                    due[i] = now;
                }
            }

            Thread.Sleep(1);
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        var other = 1 - _direction;
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (length != PacketSize || buffer[0] != 0x80)
            {
                continue;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8));
            var call = (int)(ssrc / 2);
            if (ssrc % 2 != other || call >= Received.Length)
            {
                continue;
            }

            var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2));
            var mark = MarkAt;
            if (mark != 0 && now > mark && GapAcrossMark[call] == 0 && LastArrival[call] != 0 && LastArrival[call] <= mark)
            {
                GapAcrossMark[call] = now - LastArrival[call];
            }

            if (LastArrival[call] != 0)
            {
                var gap = now - LastArrival[call];
                if (gap > MaxGap[call])
                {
                    MaxGap[call] = gap;
                    MaxGapEnd[call] = now;
                }
            }
            else
            {
                FirstArrival[call] = now;
            }

            if (sequence < LastSequenceReceived[call])
            {
                OutOfOrder[call]++;
            }

            LastArrival[call] = now;
            Received[call]++;
            LastSequenceReceived[call] = Math.Max(LastSequenceReceived[call], sequence);
        }
    }
}
