using System.Net;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// The baseline: no relay. Every caller sends straight to its callee and back, in the generator's own namespace, at
/// the offered rate of the run it is compared with: the machine then does only the generator's work (its sends, its
/// receives, their softirq and the receiver's wake-ups), so a relay's CPU per packet is the machine-wide CPU of its
/// run minus this run's, and the latency it adds is its p99 minus this p99. The loopback device the direct packets
/// cross queues them to the same per-CPU backlog a veth does, so what the subtraction leaves is the relay's hop.
/// </summary>
internal sealed class DirectPath : RelayUnderTest
{
    public const string RelayName = "generator alone (direct, baseline)";

    public override string Name => RelayName;

    public override bool HasProcess => false;

    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override (IPAddress ForCaller, IPAddress ForCallee) Destinations(BenchNetwork network) => (network.CalleeAddress, network.CallerAddress);

    public override Task<(int ForCaller, int ForCallee)[]> SetUpCallsAsync(int[] callerPorts, int[] calleePorts, CancellationToken cancellationToken) =>
        Task.FromResult(callerPorts.Select((caller, i) => (calleePorts[i], caller)).ToArray());
}
