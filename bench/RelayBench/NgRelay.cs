using System.Net;

namespace RtcOnAws.Bench.Relay;

/// <summary>A relay daemon driven through the ng protocol (rtpengine, or the media-node daemon); optionally SDES-SRTP towards the callees.</summary>
internal sealed class NgRelay(string name, string fileName, BenchNetwork network, Func<int, IEnumerable<string>> arguments, string? srtpSuite = null) : RelayUnderTest
{
    private NgClient? _client;

    public override string Name => name;

    /// <summary>The ng connection, once started (the DTLS benchmark sends its own offers and answers).</summary>
    public NgClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        int ngPort = network.RelayNamespace is null ? FreeUdpPort() : BenchNetwork.NamespacedNgPort;
        var (command, commandArguments) = network.Command(fileName, arguments(ngPort));
        Launch(command, commandArguments);
        _client = new NgClient(new IPEndPoint(network.RelayAddress, ngPort), network.CallerAddress, network.CalleeAddress);
        await WaitForPingAsync(_client, cancellationToken);
    }

    public override Task<(int ForCaller, int ForCallee)[]> SetUpCallsAsync(int[] callerPorts, int[] calleePorts, CancellationToken cancellationToken) =>
        SetUpCallsAsync(callerPorts, calleePorts, 0, cancellationToken);

    /// <summary>As <see cref="SetUpCallsAsync(int[], int[], CancellationToken)"/>, numbering the calls from <paramref name="firstCall"/> (call-ids stay unique across batches).</summary>
    public async Task<(int ForCaller, int ForCallee)[]> SetUpCallsAsync(int[] callerPorts, int[] calleePorts, int firstCall, CancellationToken cancellationToken)
    {
        var ports = new (int, int)[callerPorts.Length];
        for (int i = 0; i < ports.Length; i++)
        {
            ports[i] = await _client!.SetUpCallAsync(firstCall + i, callerPorts[i], calleePorts[i], srtpSuite, cancellationToken);
        }

        return ports;
    }
}
