using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay.Tests;

public sealed class HotPathAllocationTests
{
    private const int Streams = 8;
    private const int PacketsPerStream = 1500;

    /// <summary>
    /// A loop publishes its allocation figure after each wake-up, just after relaying. A round is sent only once the
    /// previous one came back, so when two more rounds have come back, every wake-up before them has published: the
    /// figure is read with no sleep and no race.
    /// </summary>
    private const int SettlingRounds = 2;

    [Fact]
    public async Task Relaying_over_ten_thousand_packets_allocates_nothing_on_the_event_loops()
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = RelayBackend.Epoll, LoopCount = 2 });
        var (min, max) = FreePorts.MediaRange(Streams * 4);
        var pool = new PortPool(engine, IPAddress.Loopback, min, max);
        var callers = new Socket[Streams];
        var callees = new Socket[Streams];
        var ingress = new IPEndPoint[Streams];
        try
        {
            for (int i = 0; i < Streams; i++)
            {
                callers[i] = Bound();
                callees[i] = Bound();
                Assert.True(pool.TryAllocate(true, false, out var a));
                Assert.True(pool.TryAllocate(true, false, out var b));
                a.SetPeer(b);
                b.SetPeer(a);
                a.ExpectRemote((IPEndPoint)callers[i].LocalEndPoint!, null);
                b.ExpectRemote((IPEndPoint)callees[i].LocalEndPoint!, null);
                ingress[i] = new IPEndPoint(IPAddress.Loopback, a.RtpPort);
            }

            engine.Start();
            var packet = RelayHarness.RtpPacket(1);
            var sink = new byte[2048];

            // Warm up: learn every endpoint (learning allocates once) and let the JIT settle.
            SendRound(callers, callees, ingress, packet, sink, rounds: 200);
            SendRound(callers, callees, ingress, packet, sink, rounds: SettlingRounds);
            long relayedBefore = engine.Statistics.PacketsRelayed;
            long allocatedBefore = engine.EventLoopAllocatedBytes;

            SendRound(callers, callees, ingress, packet, sink, rounds: PacketsPerStream);
            SendRound(callers, callees, ingress, packet, sink, rounds: SettlingRounds);

            long relayed = engine.Statistics.PacketsRelayed - relayedBefore;
            long allocated = engine.EventLoopAllocatedBytes - allocatedBefore;
            Assert.True(relayed >= 10_000, $"only {relayed} packets were relayed");
            Assert.Equal(0, allocated);
        }
        finally
        {
            foreach (var socket in callers.Concat(callees))
            {
                socket?.Dispose();
            }
        }
    }

    /// <summary>Sends one packet per stream per round and drains each callee, so no socket buffer ever overflows.</summary>
    private static void SendRound(Socket[] callers, Socket[] callees, IPEndPoint[] ingress, byte[] packet, byte[] sink, int rounds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        for (int round = 0; round < rounds && DateTime.UtcNow < deadline; round++)
        {
            for (int i = 0; i < callers.Length; i++)
            {
                callers[i].SendTo(packet, ingress[i]);
            }

            for (int i = 0; i < callees.Length; i++)
            {
                if (callees[i].Poll(TimeSpan.FromSeconds(5), SelectMode.SelectRead))
                {
                    callees[i].Receive(sink);
                }
            }
        }
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
