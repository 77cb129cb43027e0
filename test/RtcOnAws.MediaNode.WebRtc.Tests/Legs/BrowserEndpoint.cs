using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using RtcOnAws.MediaNode.WebRtc.Demux;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Stun;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Legs;

/// <summary>
/// The far end of a WebRTC leg over a real loopback UDP socket: a full ICE agent's binding requests, a DTLS client
/// (our own <see cref="DtlsSession"/>) and RTP, demultiplexed from one socket the way a browser does.
/// </summary>
internal sealed class BrowserEndpoint : IDisposable, IDtlsDatagramSender
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Channel<byte[]> _stun = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _media = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _pump;

    public BrowserEndpoint(IPEndPoint relay)
    {
        Relay = relay;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _pump = new Thread(Pump) { IsBackground = true };
        _pump.Start();
    }

    public IPEndPoint EndPoint { get; }

    public IPEndPoint Relay { get; }

    public DtlsSession? Dtls { get; set; }

    public bool IsOpen => !_stop.IsCancellationRequested;

    public void Send(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, Relay);

    public void SendRaw(byte[] datagram) => _socket.SendTo(datagram, Relay);

    /// <summary>Sends a binding request and returns the response, or null when none came in time.</summary>
    public async Task<byte[]?> CheckAsync(string username, string password, bool useCandidate)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunConstants.BindingRequest, Guid.NewGuid().ToByteArray().AsSpan(0, 12));
        writer.AddUsername(Encoding.ASCII.GetBytes(username));
        writer.AddPriority(0x7e0001ff);
        writer.AddIceControlling(7);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(password));
        writer.AddFingerprint();
        _socket.SendTo(buffer.AsSpan(0, writer.Length), SocketFlags.None, Relay);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            return await _stun.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<byte[]> ReceiveMediaAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _media.Reader.ReadAsync(wait.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        Dtls?.Dispose();
    }

    private void Pump()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, length);
            switch (MediaPacketClassifier.Classify(datagram))
            {
                case MediaPacketKind.Stun:
                    _stun.Writer.TryWrite(datagram.ToArray());
                    break;
                case MediaPacketKind.Dtls:
                    Dtls?.Deliver(datagram);
                    break;
                case MediaPacketKind.RtpOrRtcp:
                    _media.Writer.TryWrite(datagram.ToArray());
                    break;
            }
        }
    }
}
