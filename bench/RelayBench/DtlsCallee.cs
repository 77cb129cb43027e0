using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Demux;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Stun;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// The browser end of one benchmark call's WebRTC leg, on its own loopback socket: it answers the relay's WebRTC offer
/// with <c>a=setup:active</c> (so the relay is the DTLS server, as with a browser calling in), gets ICE done the way the
/// relay needs it, then runs the DTLS client (media-node's own <see cref="DtlsSession"/>, BouncyCastle) to the exported
/// SRTP keys, then sends its first SRTP packets as a browser would. An ICE-lite relay (media-node) gets our checks as a controlling full agent; a full-agent relay
/// (rtpengine) gets an ICE-lite answer and we answer its checks, starting DTLS on its nomination.
/// </summary>
internal sealed partial class DtlsCallee : IDtlsDatagramSender, IDisposable
{
    /// <summary>A lost STUN check is resent this often, at most <see cref="MaxChecks"/> times.</summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    private const int MaxChecks = 20;

    /// <summary>A 20 ms G.711 RTP packet.</summary>
    private const int FirstMediaLength = 172;

    private const int FirstMediaPackets = 3;

    private static readonly TimeSpan MediaInterval = TimeSpan.FromMilliseconds(20);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly DtlsCertificate _certificate;
    private IPEndPoint? _relay;
    private IceCredentials? _remote;
    private DtlsFingerprint? _relayFingerprint;
    private bool _relayIsLite;
    private volatile DtlsSession? _dtls;

    public DtlsCallee(IPAddress address, DtlsCertificate certificate)
    {
        _certificate = certificate;
        _socket.Bind(new IPEndPoint(address, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    bool IDtlsDatagramSender.IsOpen => true;

    /// <summary>Reads the relay's WebRTC offer towards us: its media port, ICE credentials, fingerprint and agent kind.</summary>
    public void ReadOffer(string sdp, IPAddress relayAddress)
    {
        _relay = new IPEndPoint(relayAddress, int.Parse(Line(sdp, @"m=audio (\d+) "), CultureInfo.InvariantCulture));
        _remote = new IceCredentials(Line(sdp, @"a=ice-ufrag:(\S+)"), Line(sdp, @"a=ice-pwd:(\S+)"));
        _relayFingerprint = DtlsFingerprint.TryParse(Line(sdp, @"a=fingerprint:([^\r\n]+)"))
            ?? throw new InvalidOperationException($"unreadable fingerprint in the relay's offer:\n{sdp}");
        _relayIsLite = sdp.Contains("a=ice-lite", StringComparison.Ordinal);
    }

    /// <summary>Our WebRTC answer: DTLS client, rtcp-mux, one host candidate; ICE-lite towards a full-agent relay.</summary>
    public string Answer()
    {
        string address = EndPoint.Address.ToString();
        var sdp = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"v=0\r\no=- {EndPoint.Port} 1 IN IP4 {address}\r\ns=bench\r\nc=IN IP4 {address}\r\nt=0 0\r\n");
        if (!_relayIsLite)
        {
            sdp.Append("a=ice-lite\r\n");
        }

        return sdp
            .Append(CultureInfo.InvariantCulture, $"m=audio {EndPoint.Port} UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\na=rtcp-mux\r\n")
            .Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:{_local.UsernameFragment}\r\na=ice-pwd:{_local.Password}\r\n")
            .Append(CultureInfo.InvariantCulture, $"a=fingerprint:{_certificate.Fingerprint}\r\na=setup:active\r\n")
            .Append(CultureInfo.InvariantCulture, $"a=candidate:1 1 UDP 2130706431 {address} {EndPoint.Port} typ host\r\n")
            .ToString();
    }

    /// <summary>ICE, then the DTLS client handshake; returns how long ICE and both together took. Throws when either fails or
    /// <paramref name="cancellationToken"/> (the per-handshake deadline) ends first.</summary>
    public async Task<(TimeSpan Ice, TimeSpan Total)> HandshakeAsync(CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var agent = new IceLiteAgent(TimeProvider.System, _local);
        agent.SetRemoteUsernameFragment(_remote!.UsernameFragment);
        var iceDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveAsync(agent, iceDone, stop.Token);
        try
        {
            if (_relayIsLite)
            {
                await CheckUntilAnsweredAsync(iceDone.Task, cancellationToken);
            }

            await iceDone.Task.WaitAsync(cancellationToken);
            var ice = Stopwatch.GetElapsedTime(started);
            var dtls = new DtlsSession(_certificate, _relayFingerprint!, DtlsRole.Client, this, TimeProvider.System);
            _dtls = dtls;
            dtls.Start();
            var keys = await dtls.Keys.WaitAsync(cancellationToken);
            FirstMedia = SendFirstMediaAsync(keys);
            return (ice, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            stop.Cancel();
            await receiving;
            _dtls?.Dispose();
        }
    }

    public void Send(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, _relay!);

    public void Dispose()
    {
        _dtls?.Dispose();
        _socket.Dispose();
    }

    /// <summary>The first media after the handshake (completed when sent); awaited before the socket closes.</summary>
    public Task FirstMedia { get; private set; } = Task.CompletedTask;

    /// <summary>The first <see cref="FirstMediaPackets"/> SRTP packets under the new keys, 20 ms apart, as a browser
    /// sends media at once: they tell the relay we have the keys (media-node then stops waiting for our
    /// retransmissions). More than one, because the relay may attach the keys just after its last flight left.</summary>
    private async Task SendFirstMediaAsync(DtlsSrtpKeys keys)
    {
        using var srtp = DtlsSrtpTransformFactory.Create(keys);
        var packet = new byte[FirstMediaLength + 64];
        for (int sequence = 0; sequence < FirstMediaPackets; sequence++)
        {
            Array.Clear(packet);
            packet[0] = 0x80;
            packet[3] = (byte)sequence;
            BitConverter.TryWriteBytes(packet.AsSpan(8, 4), EndPoint.Port);
            int length = FirstMediaLength;
            if (srtp.Protect(packet, ref length, rtcp: false) == MediaTransformResult.Relay)
            {
                _socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, _relay!);
            }

            await Task.Delay(MediaInterval);
        }
    }

    private async Task CheckUntilAnsweredAsync(Task answered, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        for (int attempt = 0; attempt < MaxChecks && !answered.IsCompleted; attempt++)
        {
            var writer = new StunMessageWriter(buffer, StunConstants.BindingRequest, Guid.NewGuid().ToByteArray().AsSpan(0, StunConstants.TransactionIdLength));
            writer.AddUsername(Encoding.ASCII.GetBytes($"{_remote!.UsernameFragment}:{_local.UsernameFragment}"));
            writer.AddPriority(0x7e0001ff);
            writer.AddIceControlling(7);
            writer.AddUseCandidate();
            writer.AddMessageIntegrity(_remote.PasswordBytes);
            writer.AddFingerprint();
            _socket.SendTo(buffer.AsSpan(0, writer.Length), SocketFlags.None, _relay!);
            await Task.WhenAny(answered, Task.Delay(CheckInterval, cancellationToken));
        }
    }

    /// <summary>Demultiplexes what the relay sends until stopped: STUN responses end our checks, STUN requests are
    /// answered by our lite agent (a nomination ends ICE), DTLS goes to the handshake.</summary>
    private async Task ReceiveAsync(IceLiteAgent agent, TaskCompletionSource iceDone, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        var response = new byte[StunIntegrity.MaxMessageLength];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            switch (MediaPacketClassifier.Classify(datagram))
            {
                case MediaPacketKind.Stun:
                    if (StunMessage.TryParse(datagram, out var message) == StunParseResult.Ok && message.Type == StunConstants.BindingSuccessResponse)
                    {
                        iceDone.TrySetResult();
                        break;
                    }

                    var source = (IPEndPoint)received.RemoteEndPoint;
                    var outcome = agent.HandleStun(datagram, source, response, out int length);
                    if (outcome is IceCheckOutcome.Answered or IceCheckOutcome.Nominated)
                    {
                        _socket.SendTo(response.AsSpan(0, length), SocketFlags.None, source);
                        if (outcome == IceCheckOutcome.Nominated)
                        {
                            iceDone.TrySetResult();
                        }
                    }

                    break;
                case MediaPacketKind.Dtls:
                    _dtls?.Deliver(datagram);
                    break;
            }
        }
    }

    private static string Line(string sdp, string pattern)
    {
        var match = Regex.Match(sdp, pattern);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"no '{pattern}' in the relay's offer:\n{sdp}");
    }
}
