using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Legs;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Legs;

/// <summary>A WebRTC leg's DTLS thread after the handshake, on a real relay over loopback: it waits for the
/// browser's retransmissions only until the browser's first authenticated SRTP packet shows it has the keys, so a
/// node holds a thread per handshake in flight rather than per call set up in the last 30 s.</summary>
public sealed class WebRtcLegDtlsThreadTests : IAsyncLifetime
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    private static int _nextPort = 25000 + (Environment.ProcessId % 40 * 100);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly IceCredentials _legIce = IceCredentials.Generate();
    private readonly DtlsCertificate _nodeCertificate;
    private readonly DtlsCertificate _browserCertificate;
    private readonly RelayEngine _engine;
    private readonly RelayStream _webrtc;
    private readonly RelayStream _plain;
    private readonly Socket _callee = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly BrowserEndpoint _browser;
    private readonly WebRtcLeg _leg;

    public WebRtcLegDtlsThreadTests()
    {
        _nodeCertificate = DtlsCertificate.Generate(_time);
        _browserCertificate = DtlsCertificate.Generate(_time);
        _engine = new RelayEngine(new RelayEngineOptions { Backend = RelayBackend.Epoll, LoopCount = 1 });
        var min = Interlocked.Add(ref _nextPort, 10) - 10;
        var pool = new PortPool(_engine, IPAddress.Loopback, min, min + 9);
        if (!pool.TryAllocate(true, false, out var webrtc) || !pool.TryAllocate(false, false, out var plain))
        {
            throw new InvalidOperationException("No free test ports.");
        }

        (_webrtc, _plain) = (webrtc, plain);
        _webrtc.SetPeer(_plain);
        _plain.SetPeer(_webrtc);
        _callee.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _callee.ReceiveTimeout = 10_000;
        _plain.ExpectRemote((IPEndPoint)_callee.LocalEndPoint!, null);
        _browser = new BrowserEndpoint(new IPEndPoint(IPAddress.Loopback, _webrtc.RtpPort));
        var options = new WebRtcLegOptions(_nodeCertificate, _browserCertificate.Fingerprint, DtlsRole.Server, "BrOwSeR");
        _leg = new WebRtcLeg(_webrtc, new IceLiteAgent(_time, _legIce), options, _time, DtlsSrtpTransformFactory.Create);
    }

    public Task InitializeAsync()
    {
        _engine.Start();
        _leg.Attach();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _leg.Dispose();
        _browser.Dispose();
        _callee.Dispose();
        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task TheHandshakeThreadEndsAtTheBrowsersFirstAuthenticatedPacketNotAtAForgedOne()
    {
        await _browser.CheckAsync(_legIce.UsernameFragment + ":BrOwSeR", _legIce.Password, useCandidate: true);
        _browser.Dtls = new DtlsSession(_browserCertificate, _nodeCertificate.Fingerprint, DtlsRole.Client, _browser, _time);
        _browser.Dtls.Start();
        using var browserSrtp = DtlsSrtpTransformFactory.Create(await _browser.Dtls.Keys.WaitAsync(Hang));
        await _leg.Dtls.Keys.WaitAsync(Hang);
        Eventually(() => _leg.IsKeyed);

        // A packet that does not authenticate proves nothing: the thread keeps serving retransmissions.
        var forged = Protect(browserSrtp, Rtp(1));
        forged[^1] ^= 0xFF;
        _browser.SendRaw(forged);
        Eventually(() => _webrtc.Counters.Dropped.Unauthenticated == 1);
        Assert.False(_leg.Dtls.ThreadExited.IsCompleted);

        var media = Rtp(2);
        _browser.SendRaw(Protect(browserSrtp, media));
        Assert.Equal(media, ReceiveAtCallee());
        await _leg.Dtls.ThreadExited.WaitAsync(Hang);
        Assert.Equal(DtlsSessionState.Connected, _leg.Dtls.State);

        // Media keeps flowing on the exported keys after the thread is gone.
        var later = Rtp(3);
        _browser.SendRaw(Protect(browserSrtp, later));
        Assert.Equal(later, ReceiveAtCallee());
    }

    private static byte[] Rtp(int sequence)
    {
        var packet = new byte[60];
        packet[0] = 0x80;
        packet[3] = (byte)sequence;
        packet[12] = (byte)sequence;
        return packet;
    }

    private static byte[] Protect(SrtpTransform srtp, byte[] plain)
    {
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        var length = plain.Length;
        Assert.Equal(MediaTransformResult.Relay, srtp.Protect(buffer, ref length, rtcp: false));
        return buffer[..length];
    }

    private static void Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true");
            Thread.Sleep(5);
        }
    }

    private byte[] ReceiveAtCallee()
    {
        var buffer = new byte[2048];
        var length = _callee.Receive(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }
}
