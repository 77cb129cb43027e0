using System.Net;
using RtcOnAws.MediaNode.Drill;
using RtcOnAws.MediaNode.Relay.Kernel;

namespace RtcOnAws.MediaNode.Relay.Tests.Kernel;

/// <summary>
/// One call through a relay engine running in the topology's relay namespace: stream A on the caller side
/// (10.77.1.1), stream B on the callee side (10.77.2.1), peered both ways, with the user agents' real sockets in the
/// caller and callee namespaces announced as their SDP addresses.
/// </summary>
internal sealed class KernelCall : IAsyncDisposable
{
    public const int MinPort = 20000;
    public const int MaxPort = 20019;

    private KernelCall(KernelTopology topology, RelayEngine engine, RelayStream a, RelayStream b, bool muxA, bool muxB, bool calleeOnRelayHost)
    {
        var (calleeHost, calleeAddress) = calleeOnRelayHost ? (topology.Relay, KernelTopology.RelayCalleeSide) : (topology.Callee, KernelTopology.CalleeAddress);
        Engine = engine;
        A = a;
        B = b;
        CallerRtp = NetworkNamespace.Run(topology.Caller, () => new UdpPeer(new IPEndPoint(KernelTopology.CallerAddress, 5000)));
        CallerRtcp = NetworkNamespace.Run(topology.Caller, () => new UdpPeer(new IPEndPoint(KernelTopology.CallerAddress, 5001)));
        Stranger = NetworkNamespace.Run(topology.Caller, () => new UdpPeer(new IPEndPoint(KernelTopology.CallerAddress, 5100)));
        OtherHost = NetworkNamespace.Run(topology.Caller, () => new UdpPeer(new IPEndPoint(KernelTopology.StrangerAddress, 5000)));
        CalleeRtp = NetworkNamespace.Run(calleeHost, () => new UdpPeer(new IPEndPoint(calleeAddress, 6000)));
        CalleeRtcp = NetworkNamespace.Run(calleeHost, () => new UdpPeer(new IPEndPoint(calleeAddress, 6001)));
        a.ExpectRemote(CallerRtp.EndPoint, muxA ? null : CallerRtcp.EndPoint);
        b.ExpectRemote(CalleeRtp.EndPoint, muxB ? null : CalleeRtcp.EndPoint);
    }

    public RelayEngine Engine { get; }

    public RelayStream A { get; }

    public RelayStream B { get; }

    public UdpPeer CallerRtp { get; }

    public UdpPeer CallerRtcp { get; }

    /// <summary>The caller's address on another port: a stranger on the same host.</summary>
    public UdpPeer Stranger { get; }

    /// <summary>Another host on the caller's network, same port as the caller.</summary>
    public UdpPeer OtherHost { get; }

    public UdpPeer CalleeRtp { get; }

    public UdpPeer CalleeRtcp { get; }

    public IPEndPoint ARtp => new(KernelTopology.RelayCallerSide, A.RtpPort);

    public IPEndPoint ARtcp => new(KernelTopology.RelayCallerSide, A.RtcpPort);

    public IPEndPoint BRtp => new(KernelTopology.RelayCalleeSide, B.RtpPort);

    public IPEndPoint BRtcp => new(KernelTopology.RelayCalleeSide, B.RtcpPort);

    public static KernelCall Create(
        KernelTopology topology,
        string table,
        bool muxA = false,
        bool muxB = false,
        TimeProvider? time = null,
        int capacity = 1024,
        KernelForwardingMode mode = KernelForwardingMode.On,
        bool calleeOnRelayHost = false)
    {
        var (engine, a, b) = NetworkNamespace.Run(topology.Relay, () =>
        {
            var engine = new RelayEngine(
                new RelayEngineOptions { LoopCount = 1, KernelForwarding = mode, KernelTableName = table, KernelTableCapacity = capacity },
                time: time);
            engine.Start();
            var callerSide = new PortPool(engine, KernelTopology.RelayCallerSide, MinPort, MaxPort);
            var calleeSide = new PortPool(engine, KernelTopology.RelayCalleeSide, MinPort, MaxPort);
            if (!callerSide.TryAllocate(muxA, freeBind: false, out var a) || !calleeSide.TryAllocate(muxB, freeBind: false, out var b))
            {
                throw new InvalidOperationException("The test port range is exhausted.");
            }

            a.SetPeer(b);
            b.SetPeer(a);
            return (engine, a, b);
        });
        return new KernelCall(topology, engine, a, b, muxA, muxB, calleeOnRelayHost);
    }

    /// <summary>One RTP packet each way (and one RTCP each way without rtcp-mux) through user space, so both ends are learned.</summary>
    public void LearnBothWays(bool rtcp)
    {
        CallerRtp.Send(Rtp(1), ARtp);
        CalleeRtp.ReceiveOrFail();
        CalleeRtp.Send(Rtp(2), BRtp);
        CallerRtp.ReceiveOrFail();
        if (rtcp)
        {
            CallerRtcp.Send(Rtcp(1), ARtcp);
            CalleeRtcp.ReceiveOrFail();
            CalleeRtcp.Send(Rtcp(2), BRtcp);
            CallerRtcp.ReceiveOrFail();
        }
    }

    /// <summary>
    /// <see cref="LearnBothWays"/>, then waits until every learned direction is forwarded in the kernel: RTP both ways,
    /// and RTCP both ways with <paramref name="rtcp"/>.
    /// </summary>
    public void LearnBothWaysInTheKernel(bool rtcp)
    {
        LearnBothWays(rtcp);
        var directions = rtcp ? 4 : 2;
        Eventually.True(() => Engine.Statistics.KernelEntries == directions, $"all {directions} learned directions are in the kernel");
    }

    /// <summary>An RTP packet (version 2, payload type 0) whose sequence number is <paramref name="sequence"/>; 172 bytes like G.711/20 ms.</summary>
    public static byte[] Rtp(int sequence)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet[12] = (byte)(sequence * 7);
        return packet;
    }

    /// <summary>An RTCP sender report (packet type 200) tagged with <paramref name="tag"/>.</summary>
    public static byte[] Rtcp(int tag)
    {
        var packet = new byte[28];
        packet[0] = 0x80;
        packet[1] = 200;
        packet[3] = 6;
        packet[4] = (byte)tag;
        return packet;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        foreach (var peer in new[] { CallerRtp, CallerRtcp, Stranger, OtherHost, CalleeRtp, CalleeRtcp })
        {
            peer.Dispose();
        }
    }
}
