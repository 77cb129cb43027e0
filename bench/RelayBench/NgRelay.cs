using System.Net;

namespace RtcOnAws.Bench.Relay;

/// <summary>A relay daemon driven through the ng protocol (rtpengine, or the media-node daemon); optionally SDES-SRTP towards the callees.</summary>
internal sealed class NgRelay(string name, string fileName, Func<int, IEnumerable<string>> arguments, string? srtpSuite = null) : RelayUnderTest
{
    private NgClient? _client;

    public override string Name => name;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        int ngPort = FreeUdpPort();
        Launch(fileName, arguments(ngPort));
        _client = new NgClient(new IPEndPoint(IPAddress.Loopback, ngPort));
        await WaitForPingAsync(_client, cancellationToken);
    }

    public override async Task<(int ForCaller, int ForCallee)[]> SetUpCallsAsync(int[] callerPorts, int[] calleePorts, CancellationToken cancellationToken)
    {
        var ports = new (int, int)[callerPorts.Length];
        for (int i = 0; i < ports.Length; i++)
        {
            ports[i] = await _client!.SetUpCallAsync(i, callerPorts[i], calleePorts[i], srtpSuite, cancellationToken);
        }

        return ports;
    }
}
