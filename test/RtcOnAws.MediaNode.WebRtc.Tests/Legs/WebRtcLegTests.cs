using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using RtcOnAws.MediaNode.WebRtc.Ice;
using RtcOnAws.MediaNode.WebRtc.Legs;
using RtcOnAws.MediaNode.WebRtc.Srtp;
using RtcOnAws.MediaNode.WebRtc.Stun;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Legs;

/// <summary>A WebRTC leg on a real relay over loopback: ICE decides where media goes, DTLS keys SRTP, and the
/// browser end protects and unprotects with its own SRTP contexts from its own handshake.</summary>
public sealed class WebRtcLegTests : IAsyncLifetime
{
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
    private SrtpTransform? _legTransform;

    public WebRtcLegTests()
    {
        _nodeCertificate = DtlsCertificate.Generate(_time);
        _browserCertificate = DtlsCertificate.Generate(_time);
        _engine = new RelayEngine(new RelayEngineOptions { Backend = RelayBackend.Epoll, LoopCount = 1 });
        var (min, max) = FreePorts.MediaRange(10);
        var pool = new PortPool(_engine, IPAddress.Loopback, min, max);
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
        _leg = new WebRtcLeg(_webrtc, new IceLiteAgent(_time, _legIce), options, _time,
            keys => _legTransform = DtlsSrtpTransformFactory.Create(keys));
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
    public async Task MediaFlowsBothWaysOnlyAfterIceNominationAndTheDtlsHandshake()
    {
        // Before ICE: the WebRTC leg has no destination, so the callee's media goes nowhere.
        SendFromCallee(Rtp(1));
        Eventually(() => _plain.Counters.Dropped.NoPeer == 1);

        var response = await _browser.CheckAsync(_legIce.UsernameFragment + ":BrOwSeR", _legIce.Password, useCandidate: true);
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(response, out var parsed));
        Assert.True(StunIntegrity.Verify(parsed, _legIce.PasswordBytes));
        Assert.Equal(_browser.EndPoint, _webrtc.RemoteRtp);

        await _browser.HandshakeAsync(_browserCertificate, _nodeCertificate.Fingerprint, _time);
        Eventually(() => _leg.IsKeyed);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, _legTransform!.Outbound.Profile);

        var fromCallee = Rtp(2);
        SendFromCallee(fromCallee);
        var protectedForBrowser = await _browser.ReceiveMediaAsync();
        Assert.NotEqual(fromCallee, protectedForBrowser);
        Assert.Equal(fromCallee, _browser.Unprotect(protectedForBrowser));

        var fromBrowser = Rtp(3);
        _browser.SendRaw(_browser.Protect(fromBrowser));
        Assert.Equal(fromBrowser, ReceiveAtCallee());

        // The same SRTP packet again is a replay: counted, not relayed.
        var replayed = _browser.Protect(Rtp(4));
        _browser.SendRaw(replayed);
        Assert.Equal(Rtp(4), ReceiveAtCallee());
        _browser.SendRaw(replayed);
        Eventually(() => _webrtc.Counters.Dropped.Replayed == 1);
    }

    [Fact]
    public async Task AStrangerCanNeitherNominateNorHandshakeNorInjectMedia()
    {
        using var stranger = new BrowserEndpoint(new IPEndPoint(IPAddress.Loopback, _webrtc.RtpPort));
        stranger.SendCheck(_legIce.UsernameFragment + ":BrOwSeR", "not-the-password-at-all!", true);
        Eventually(() => _leg.Ice.Statistics.DroppedBadIntegrity == 1);
        Assert.Null(_webrtc.RemoteRtp);

        await _browser.CheckAsync(_legIce.UsernameFragment + ":BrOwSeR", _legIce.Password, true);
        stranger.SendRaw([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
        stranger.SendRaw(Rtp(9));
        Eventually(() => _leg.DroppedForeignDtls == 1 && _webrtc.Counters.Dropped.StrictSource == 1);

        Assert.Equal(_browser.EndPoint, _webrtc.RemoteRtp);
        Assert.False(stranger.HasStunResponse);
        Assert.Equal(DtlsSessionState.Handshaking, _leg.Dtls.State);
    }

    [Fact]
    public async Task WithoutConsentForThirtySecondsNothingIsSentToTheBrowser()
    {
        await _browser.CheckAsync(_legIce.UsernameFragment + ":BrOwSeR", _legIce.Password, true);
        await _browser.HandshakeAsync(_browserCertificate, _nodeCertificate.Fingerprint, _time);
        Eventually(() => _leg.IsKeyed);

        _time.Advance(TimeSpan.FromSeconds(30));
        SendFromCallee(Rtp(4));
        Eventually(() => _plain.Counters.Dropped.NotKeyed == 1);

        // A fresh consent check resumes media.
        await _browser.CheckAsync(_legIce.UsernameFragment + ":BrOwSeR", _legIce.Password, false);
        var resumed = Rtp(5);
        SendFromCallee(resumed);
        Assert.Equal(resumed, _browser.Unprotect(await _browser.ReceiveMediaAsync()));
    }

    /// <summary>The leg's DTLS thread waits for the browser's retransmissions only until the browser's first authenticated
    /// SRTP packet shows it has the keys, so a node holds a thread per handshake in flight, not per call of the last 30 s.</summary>
    [Fact]
    public async Task TheHandshakeThreadEndsAtTheBrowsersFirstAuthenticatedPacketNotAtAForgedOne()
    {
        await _browser.CheckAsync(_legIce.UsernameFragment + ":BrOwSeR", _legIce.Password, useCandidate: true);
        await _browser.HandshakeAsync(_browserCertificate, _nodeCertificate.Fingerprint, _time);
        Eventually(() => _leg.IsKeyed);

        // A packet that does not authenticate proves nothing: the thread keeps serving retransmissions.
        var forged = _browser.Protect(Rtp(1));
        forged[^1] ^= 0xFF;
        _browser.SendRaw(forged);
        Eventually(() => _webrtc.Counters.Dropped.Unauthenticated == 1);
        Assert.False(_leg.Dtls.ThreadExited.IsCompleted);

        var media = Rtp(2);
        _browser.SendRaw(_browser.Protect(media));
        Assert.Equal(media, ReceiveAtCallee());
        await _leg.Dtls.ThreadExited.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(DtlsSessionState.Connected, _leg.Dtls.State);

        // Media keeps flowing on the exported keys after the thread is gone.
        var later = Rtp(3);
        _browser.SendRaw(_browser.Protect(later));
        Assert.Equal(later, ReceiveAtCallee());
    }

    [Fact]
    public void AHandshakeThatNeverStartsTimesOut()
    {
        _time.Advance(DtlsSession.DefaultHandshakeTimeout);
        Eventually(() => _leg.Dtls.State == DtlsSessionState.TimedOut);
        Assert.False(_leg.IsKeyed);
    }

    private static byte[] Rtp(int sequence)
    {
        var packet = new byte[60];
        packet[0] = 0x80;
        packet[3] = (byte)sequence;
        Encoding.ASCII.GetBytes("media-" + sequence).CopyTo(packet, 12);
        return packet;
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

    private void SendFromCallee(byte[] packet) =>
        _callee.SendTo(packet, new IPEndPoint(IPAddress.Loopback, _plain.RtpPort));

    private byte[] ReceiveAtCallee()
    {
        var buffer = new byte[2048];
        var length = _callee.Receive(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }
}
