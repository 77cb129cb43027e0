using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

/// <summary>A loopback UDP endpoint standing in for a phone.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public Task SendAsync(byte[] payload, IPEndPoint to) => _client.SendAsync(payload, to).AsTask();

    /// <summary>Receives one datagram or returns null after <paramref name="timeout"/>.</summary>
    public async Task<UdpReceiveResult?> ReceiveAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            return await _client.ReceiveAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}
