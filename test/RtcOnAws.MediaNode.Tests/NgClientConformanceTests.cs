using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>The real rtpengine-ng-client (Perl, Debian rtpengine-utils) drives the daemon through a whole call.</summary>
public sealed class NgClientConformanceTests : IAsyncLifetime
{
    private const string CallerSdp = "v=0\no=alice 1 2 IN IP4 192.0.2.10\ns=-\nc=IN IP4 192.0.2.10\nt=0 0\nm=audio 3456 RTP/AVP 0 8\na=rtpmap:0 PCMU/8000\n";
    private const string CalleeSdp = "v=0\no=bob 3 4 IN IP4 192.0.2.20\ns=-\nc=IN IP4 192.0.2.20\nt=0 0\nm=audio 5678 RTP/AVP 0\na=rtpmap:0 PCMU/8000\n";
    private MediaNodeDaemon _daemon = null!;

    public async Task InitializeAsync() => _daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 40);

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task PingGetsPong()
    {
        var result = await NgClientTool.RunAsync(_daemon.Ng, "ping");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("result => 'pong'", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OfferAnswerQueryDeleteGiveWellFormedReplies(bool json)
    {
        var mode = json ? new[] { "--json" } : [];
        var callId = $"ngclient-{json}-{Guid.NewGuid():N}";

        var offer = await NgClientTool.RunAsync(_daemon.Ng, [.. mode, "offer", "--call-id=" + callId, "--from-tag=alice", "--trust-address", "--replace-origin", "--sdp=" + CallerSdp]);
        Assert.True(offer.ExitCode == 0, offer.Output);
        var offerSdp = NgClientTool.NewSdp(offer.Output);
        Assert.Contains("c=IN IP4 127.0.0.1", offerSdp, StringComparison.Ordinal);
        Assert.Contains("o=alice 1 2 IN IP4 127.0.0.1", offerSdp, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:0 PCMU/8000", offerSdp, StringComparison.Ordinal);
        Assert.InRange(NgClientTool.AudioPort(offerSdp), _daemon.PortMin, _daemon.PortMax);

        var answer = await NgClientTool.RunAsync(_daemon.Ng, [.. mode, "answer", "--call-id=" + callId, "--from-tag=alice", "--to-tag=bob", "--sdp=" + CalleeSdp]);
        Assert.True(answer.ExitCode == 0, answer.Output);
        var answerSdp = NgClientTool.NewSdp(answer.Output);
        Assert.Contains("c=IN IP4 127.0.0.1", answerSdp, StringComparison.Ordinal);
        Assert.NotEqual(NgClientTool.AudioPort(offerSdp), NgClientTool.AudioPort(answerSdp));

        var query = await NgClientTool.RunAsync(_daemon.Ng, [.. mode, "query", "--call-id=" + callId]);
        Assert.True(query.ExitCode == 0, query.Output);
        foreach (var expected in new[] { "totals", "'RTP'", "'RTCP'", "packets", "'alice'", "'bob'", "'in dialogue with'", "'advertised endpoint'", "'192.0.2.20'", "5678" })
        {
            Assert.Contains(expected, query.Output, StringComparison.Ordinal);
        }

        var delete = await NgClientTool.RunAsync(_daemon.Ng, [.. mode, "delete", "--call-id=" + callId, "--from-tag=alice"]);
        Assert.True(delete.ExitCode == 0, delete.Output);
        Assert.Contains("totals", delete.Output, StringComparison.Ordinal);

        var gone = await NgClientTool.RunAsync(_daemon.Ng, [.. mode, "query", "--call-id=" + callId]);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains($"unknown call-id '{callId}'", gone.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorsCarryAReason()
    {
        var answer = await NgClientTool.RunAsync(_daemon.Ng, "answer", "--call-id=nope", "--from-tag=a", "--to-tag=b", "--sdp=" + CalleeSdp);
        var badSdp = await NgClientTool.RunAsync(_daemon.Ng, "offer", "--call-id=bad", "--from-tag=a", "--sdp=hello");

        Assert.NotEqual(0, answer.ExitCode);
        Assert.Contains("Error reason: \"unknown call-id 'nope'\"", answer.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, badSdp.ExitCode);
        Assert.Contains("first line must be 'v=0'", badSdp.Output, StringComparison.Ordinal);
    }
}
