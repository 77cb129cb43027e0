using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class DtlsSessionTests
{
    /// <summary>Only a guard against a hung handshake; the handshake's own timer runs on fake time.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly DtlsCertificate _serverCertificate;
    private readonly DtlsCertificate _clientCertificate;

    public DtlsSessionTests()
    {
        _serverCertificate = DtlsCertificate.Generate(_time);
        _clientCertificate = DtlsCertificate.Generate(_time);
    }

    [Fact]
    public async Task ServerAndClientExportTheSameKeysCrossed()
    {
        var (server, client) = MatchingPair();
        using (server)
        using (client)
        {
            var (serverKeys, clientKeys) = await HandshakeAsync(server, client);

            Assert.Equal(SrtpProfile.AeadAes128Gcm, serverKeys.Profile);
            Assert.Equal(serverKeys.Profile, clientKeys.Profile);
            Assert.Equal(serverKeys.LocalKey, clientKeys.RemoteKey);
            Assert.Equal(serverKeys.LocalSalt, clientKeys.RemoteSalt);
            Assert.Equal(serverKeys.RemoteKey, clientKeys.LocalKey);
            Assert.Equal(serverKeys.RemoteSalt, clientKeys.LocalSalt);
            Assert.Equal(12, serverKeys.LocalSalt.Length);
            Assert.NotEqual(serverKeys.LocalKey, serverKeys.RemoteKey);
            Assert.Equal(DtlsSessionState.Connected, server.State);
            Assert.Equal(DtlsSessionState.Connected, client.State);
        }
    }

    [Fact]
    public async Task ClientRejectsAServerWhoseCertificateIsNotTheSdpFingerprint()
    {
        var stranger = DtlsCertificate.Generate(_time).Fingerprint;
        var (server, client) = Pair(_clientCertificate.Fingerprint, stranger);
        using (server)
        using (client)
        {
            server.Start();
            client.Start();

            var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.Keys.WaitAsync(Hang));
            Assert.Equal(DtlsSessionState.FingerprintMismatch, failure.State);
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.Keys.WaitAsync(Hang));
            Assert.Equal(DtlsSessionState.FingerprintMismatch, client.State);
            Assert.Equal(DtlsSessionState.Failed, server.State);
        }
    }

    [Fact]
    public async Task ServerRejectsAClientWhoseCertificateIsNotTheSdpFingerprint()
    {
        var stranger = DtlsCertificate.Generate(_time).Fingerprint;
        var (server, client) = Pair(stranger, _serverCertificate.Fingerprint);
        using (server)
        using (client)
        {
            server.Start();
            client.Start();

            var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.Keys.WaitAsync(Hang));
            Assert.Equal(DtlsSessionState.FingerprintMismatch, failure.State);
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.Keys.WaitAsync(Hang));
        }
    }

    [Fact]
    public async Task HandshakeWithoutPeerTimesOutOnTheTimeProvider()
    {
        var silent = new CrossedSenders.Link();
        using var server = new DtlsSession(_serverCertificate, _clientCertificate.Fingerprint, DtlsRole.Server, silent,
            _time, TimeSpan.FromSeconds(20));
        server.Start();

        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(DtlsSessionState.Handshaking, server.State);
        _time.Advance(TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.Keys.WaitAsync(Hang));
        Assert.Equal(DtlsSessionState.TimedOut, failure.State);
        Assert.Equal(DtlsSessionState.TimedOut, server.State);

        // The peer never spoke, so the server never needed its blocking thread.
        Assert.False(server.ThreadStarted);
        Assert.True(server.ThreadExited.IsCompleted);
        server.Deliver([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
        Assert.False(server.ThreadStarted);
    }

    [Fact]
    public async Task AServerTakesItsThreadOnlyWithThePeersFirstDatagram()
    {
        var (server, client) = MatchingPair();
        using (server)
        using (client)
        {
            server.Start();
            Assert.Equal(DtlsSessionState.Handshaking, server.State);
            Assert.False(server.ThreadStarted);

            client.Start();
            Assert.True(client.ThreadStarted);
            await server.Keys.WaitAsync(Hang);
            await client.Keys.WaitAsync(Hang);
            Assert.True(server.ThreadStarted);
        }
    }

    [Fact]
    public void ADatagramQueuedBeforeStartGivesTheServerItsThreadOnStart()
    {
        using var server = new DtlsSession(_serverCertificate, _clientCertificate.Fingerprint, DtlsRole.Server,
            new CrossedSenders.Link(), _time);
        server.Deliver([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
        Assert.False(server.ThreadStarted);

        server.Start();

        Assert.True(server.ThreadStarted);
        Assert.Equal(0, server.DroppedDatagrams);
    }

    [Fact]
    public async Task GarbageIsDroppedAndCountedWithoutDisturbingTheHandshake()
    {
        var (server, client) = MatchingPair();
        using (server)
        using (client)
        {
            var random = new Random(5764);
            var junk = new byte[300];
            for (var i = 0; i < 100; i++)
            {
                random.NextBytes(junk);
                junk[0] = (byte)(64 + (i % 64));
                server.Deliver(junk.AsSpan(0, random.Next(0, junk.Length)));
            }

            // A well-framed handshake record header whose length overruns the datagram.
            server.Deliver([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0x40, 0x00, 1, 2, 3]);

            await HandshakeAsync(server, client);

            Assert.Equal(101, server.DroppedDatagrams);
            Assert.Equal(DtlsSessionState.Connected, server.State);
        }
    }

    [Fact]
    public async Task AConnectedServerHoldsItsThreadForRetransmissionsUntilThePeerHasKeyed()
    {
        var (server, client) = MatchingPair();
        using (server)
        using (client)
        {
            var (keys, _) = await HandshakeAsync(server, client);

            // The fake clock never reaches the retransmission window's end: only the peer's keying frees the thread.
            Assert.False(server.ThreadExited.IsCompleted);
            server.PeerKeyed();
            await server.ThreadExited.WaitAsync(Hang);

            Assert.Equal(DtlsSessionState.Connected, server.State);
            Assert.Same(keys, await server.Keys);
            Assert.False(client.ThreadExited.IsCompleted);
        }
    }

    [Fact]
    public async Task PeerKeyedBeforeTheHandshakeIsDoneChangesNothing()
    {
        var (server, client) = MatchingPair();
        using (server)
        using (client)
        {
            server.PeerKeyed();
            await HandshakeAsync(server, client);

            Assert.Equal(DtlsSessionState.Connected, server.State);
            Assert.False(server.ThreadExited.IsCompleted);
        }
    }

    [Fact]
    public async Task AFailedHandshakeReleasesItsThread()
    {
        var stranger = DtlsCertificate.Generate(_time).Fingerprint;
        var (server, client) = Pair(stranger, _serverCertificate.Fingerprint);
        using (server)
        using (client)
        {
            server.Start();
            client.Start();
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.Keys.WaitAsync(Hang));

            await server.ThreadExited.WaitAsync(Hang);
            Assert.Equal(DtlsSessionState.FingerprintMismatch, server.State);
        }
    }

    [Fact]
    public void RecordFilterAcceptsOnlyWholeDtlsRecords()
    {
        byte[] record = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0xAA, 0xBB];
        Assert.True(DtlsRecordFilter.IsWellFramed(record));
        Assert.True(DtlsRecordFilter.IsWellFramed([.. record, .. record]));
        Assert.False(DtlsRecordFilter.IsWellFramed([.. record, 22, 0xFE]));
        Assert.False(DtlsRecordFilter.IsWellFramed([24, .. record.AsSpan(1)]));
        Assert.False(DtlsRecordFilter.IsWellFramed([22, 0x03, 0x03, .. record.AsSpan(3)]));
    }

    // Each end expects the other's own certificate: the handshake succeeds.
    private (DtlsSession Server, DtlsSession Client) MatchingPair() => Pair(_clientCertificate.Fingerprint, _serverCertificate.Fingerprint);

    private (DtlsSession Server, DtlsSession Client) Pair(DtlsFingerprint serverExpects, DtlsFingerprint clientExpects)
    {
        var wire = new CrossedSenders();
        var server = new DtlsSession(_serverCertificate, serverExpects, DtlsRole.Server, wire.ToClient, _time);
        var client = new DtlsSession(_clientCertificate, clientExpects, DtlsRole.Client, wire.ToServer, _time);
        wire.ToServer.Target = server;
        wire.ToClient.Target = client;
        return (server, client);
    }

    private static async Task<(DtlsSrtpKeys Server, DtlsSrtpKeys Client)> HandshakeAsync(DtlsSession server, DtlsSession client)
    {
        server.Start();
        client.Start();
        return (await server.Keys.WaitAsync(Hang), await client.Keys.WaitAsync(Hang));
    }
}
