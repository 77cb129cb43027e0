using System.Net;

namespace RtcOnAws.MediaNode.Relay.Tests;

/// <summary>
/// A started engine with one call: stream A faces the caller, stream B the callee, peered both ways, and real UDP
/// sockets for both user agents' RTP and RTCP, announced as their SDP addresses.
/// </summary>
internal sealed class RelayHarness : IAsyncDisposable
{
    private RelayHarness(RelayEngine engine, PortPool pool, RelayStream a, RelayStream b)
    {
        Engine = engine;
        Pool = pool;
        A = a;
        B = b;
    }

    public RelayEngine Engine { get; }

    public PortPool Pool { get; }

    /// <summary>Faces the caller: the caller sends to A's ports.</summary>
    public RelayStream A { get; }

    /// <summary>Faces the callee: the callee sends to B's ports.</summary>
    public RelayStream B { get; }

    public UdpPeer CallerRtp { get; } = new();

    public UdpPeer CallerRtcp { get; } = new();

    public UdpPeer CalleeRtp { get; } = new();

    public UdpPeer CalleeRtcp { get; } = new();

    public static RelayHarness Create(
        RelayBackend backend,
        EndpointLearning learning = EndpointLearning.Strict,
        bool muxA = false,
        bool muxB = false,
        bool expectRemotes = true,
        TimeSpan? heuristicWindow = null,
        int loops = 2,
        bool startEngine = true,
        TimeProvider? time = null)
    {
        var engine = new RelayEngine(
            new RelayEngineOptions
            {
                Backend = backend,
                LoopCount = loops,
                DefaultEndpointLearning = learning,
                HeuristicLearningWindow = heuristicWindow ?? TimeSpan.FromSeconds(3),
            },
            time: time);
        var (min, max) = FreePorts.MediaRange(8);
        var pool = new PortPool(engine, IPAddress.Loopback, min, max);
        if (!pool.TryAllocate(muxA, freeBind: false, out var a) || !pool.TryAllocate(muxB, freeBind: false, out var b))
        {
            throw new InvalidOperationException("The test port range is exhausted.");
        }

        a.SetPeer(b);
        b.SetPeer(a);
        var harness = new RelayHarness(engine, pool, a, b);
        if (expectRemotes)
        {
            a.ExpectRemote(harness.CallerRtp.EndPoint, muxA ? null : harness.CallerRtcp.EndPoint);
            b.ExpectRemote(harness.CalleeRtp.EndPoint, muxB ? null : harness.CalleeRtcp.EndPoint);
        }

        if (startEngine)
        {
            engine.Start();
        }

        return harness;
    }

    public static byte[] RtpPacket(int sequence, int size = 172)
    {
        var packet = new byte[size];
        packet[0] = 0x80;
        packet[1] = 0x00;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        for (int i = 12; i < size; i++)
        {
            packet[i] = (byte)(sequence + i);
        }

        return packet;
    }

    /// <summary>An RTCP receiver report (packet type 201), recognisable on a multiplexed port.</summary>
    public static byte[] RtcpPacket(int marker)
    {
        var packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        packet[2] = 0;
        packet[3] = 7;
        packet[8] = (byte)marker;
        return packet;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        CallerRtp.Dispose();
        CallerRtcp.Dispose();
        CalleeRtp.Dispose();
        CalleeRtcp.Dispose();
    }
}
