using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using RtcOnAws.MediaNode.WebRtc.Demux;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Srtp;
using RtcOnAws.MediaNode.WebRtc.Stun;
using Xunit;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Legs;

/// <summary>
/// The far end of a WebRTC leg over a real loopback UDP socket: a full ICE agent's binding requests, a DTLS client
/// (our own <see cref="DtlsSession"/>) and SRTP keyed by its handshake, demultiplexed from one socket the way a
/// browser does.
/// </summary>
internal sealed class BrowserEndpoint : IDisposable, IDtlsDatagramSender
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Channel<byte[]> _stun = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _media = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _pump;
    private SrtpTransform? _srtp;

    public BrowserEndpoint(IPEndPoint relay)
    {
        Relay = relay;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _pump = new Thread(Pump) { IsBackground = true };
        _pump.Start();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Where datagrams go; a failover test points it at the standby.</summary>
    public IPEndPoint Relay { get; set; }

    public DtlsSession? Dtls { get; private set; }

    public bool IsOpen => !_stop.IsCancellationRequested;

    public void Send(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, Relay);

    public void SendRaw(byte[] datagram) => _socket.SendTo(datagram, Relay);

    /// <summary>True when a STUN response is waiting (a test proves none came by first waiting for the drop counter).</summary>
    public bool HasStunResponse => _stun.Reader.Count > 0;

    /// <summary>Sends a binding request and returns its response (failing the test when none comes).</summary>
    public async Task<byte[]> CheckAsync(string username, string password, bool useCandidate)
    {
        SendCheck(username, password, useCandidate);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _stun.Reader.ReadAsync(wait.Token);
    }

    /// <summary>Sends a binding request without waiting for a response.</summary>
    public void SendCheck(string username, string password, bool useCandidate)
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
    }

    public async Task<byte[]> ReceiveMediaAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _media.Reader.ReadAsync(wait.Token);
    }

    /// <summary>Runs the browser's DTLS client handshake with the relay's certificate and keys the browser's SRTP from it.</summary>
    public async Task HandshakeAsync(DtlsCertificate certificate, DtlsFingerprint relayFingerprint, TimeProvider time)
    {
        Dtls = new DtlsSession(certificate, relayFingerprint, DtlsRole.Client, this, time);
        Dtls.Start();
        _srtp = DtlsSrtpTransformFactory.Create(await Dtls.Keys.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    /// <summary>The SRTP packet the browser sends for <paramref name="plain"/> RTP.</summary>
    public byte[] Protect(byte[] plain)
    {
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        var length = plain.Length;
        Assert.Equal(MediaTransformResult.Relay, Srtp.Protect(buffer, ref length, rtcp: false));
        return buffer[..length];
    }

    /// <summary>The RTP the browser reads from an SRTP packet it received (failing the test when it does not authenticate).</summary>
    public byte[] Unprotect(byte[] protectedPacket)
    {
        var buffer = (byte[])protectedPacket.Clone();
        var length = buffer.Length;
        Assert.Equal(MediaTransformResult.Relay, Srtp.Unprotect(buffer, ref length, rtcp: false));
        return buffer[..length];
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        Dtls?.Dispose();
        _srtp?.Dispose();
    }

    private SrtpTransform Srtp => _srtp ?? throw new InvalidOperationException("No SRTP before the DTLS handshake.");

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
