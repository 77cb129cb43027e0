using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>
/// After an HA takeover, node B answers an INVITE's reply that matches no transaction of its own (reply_route): the media
/// flags must still follow the browser's side. The rendered script's own routes run in a real Kamailio here: a message
/// whose second Via is a gateway's (the caller is a browser) gets the WebRTC answer flags, one that comes from a gateway
/// (the callee is a browser) the plain-SIP ones.
/// </summary>
public sealed partial class TakeoverReplyMediaFlagsTests
{
    private const string GatewayCidr = "127.0.0.8/29";

    [Fact]
    public void Node_b_answers_a_replicated_call_with_the_gateway_flags_not_the_constant_ones()
    {
        var text = KamailioConfig.Render(Settings.Node(0) with { PeerAddress = Settings.NodeAddresses[1], WebRtcGatewayCidrs = ["10.40.3.0/24"] }).Text;
        var replyRoute = ReplyRoute().Match(text).Value;

        Assert.Contains("route(GATEWAY_REPLY_SIDE);\n        route(MEDIA_FLAGS);\n        if (!rtpengine_answer(\"$var(answer_flags)\"))", replyRoute, StringComparison.Ordinal);
        Assert.DoesNotContain(KamailioConfig.AnswerFlags, replyRoute, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.10", GatewayMediaFlags.AnswerToBrowser)]
    [InlineData("127.0.0.11", "127.0.0.20", GatewayMediaFlags.AnswerToPlainSip)]
    [InlineData("127.0.0.1", "127.0.0.20", KamailioConfig.AnswerFlags)]
    public async Task The_reply_side_routes_pick_the_flags_of_the_browsers_side(string source, string callerHop, string expected)
    {
        var text = KamailioConfig.Render(Settings.Node(0) with { PeerAddress = Settings.NodeAddresses[1], WebRtcGatewayCidrs = [GatewayCidr] }).Text;
        var routes = NamedRoute("GATEWAY_REPLY_SIDE").Match(text).Value + NamedRoute("MEDIA_FLAGS").Match(text).Value;
        Assert.NotEmpty(routes);

        var flags = await AnswerFlagsAsync(routes, IPAddress.Parse(source), callerHop);

        Assert.Equal(expected, flags);
    }

    // Runs the routes in a Kamailio whose request route echoes $var(answer_flags) in a reply header; the request carries
    // this proxy's Via over the caller's side's Via, as the reply does.
    private static async Task<string> AnswerFlagsAsync(string routes, IPAddress source, string callerHop)
    {
        var folder = Directory.CreateTempSubdirectory("rtconaws-reply-flags-").FullName;
        var port = FreePorts.Udp();
        var config = $$"""
            #!KAMAILIO
            debug=1
            children=1
            auto_aliases=no
            dns=no
            rev_dns=no
            listen=udp:127.0.0.1:{{port}}
            loadmodule "sl.so"
            loadmodule "pv.so"
            loadmodule "textops.so"
            loadmodule "ipops.so"
            request_route {
                route(GATEWAY_REPLY_SIDE);
                route(MEDIA_FLAGS);
                append_to_reply("X-Answer-Flags: $var(answer_flags)\r\n");
                sl_send_reply("200", "OK");
            }

            """ + routes;
        var file = Path.Combine(folder, "kamailio.cfg");
        await File.WriteAllTextAsync(file, config);
        using var kamailio = Process.Start(new ProcessStartInfo("kamailio", ["-DD", "-E", "-f", file, "-Y", folder, "-w", folder, "-m", "16", "-M", "4"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var log = new StringBuilder();
        kamailio.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        kamailio.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        kamailio.BeginErrorReadLine();
        kamailio.BeginOutputReadLine();
        try
        {
            using var client = new UdpClient(new IPEndPoint(source, 0));
            var request = Encoding.ASCII.GetBytes(
                $"OPTIONS sip:bob@127.0.0.1:{port} SIP/2.0\r\n" +
                $"Via: SIP/2.0/UDP 10.40.1.50:5060;branch=z9hG4bK-sbc;rport\r\n" +
                $"Via: SIP/2.0/UDP {callerHop}:5060;branch=z9hG4bK-caller\r\n" +
                "Max-Forwards: 70\r\nFrom: <sip:alice@sip.example.com>;tag=a\r\nTo: <sip:bob@sip.example.com>\r\n" +
                "Call-ID: reply-flags\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
            // Kamailio binds its socket a moment after it starts: the request is repeated until it answers (bounded).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                await client.SendAsync(request, new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
                try
                {
                    var reply = Encoding.ASCII.GetString((await client.ReceiveAsync(attempt.Token)).Buffer);
                    var header = FlagsHeader().Match(reply);
                    Assert.True(header.Success, $"no flags in the reply:\n{reply}");
                    return header.Groups["flags"].Value;
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                {
                    Assert.False(kamailio.HasExited, $"kamailio exited:\n{log}");
                }
            }
        }
        finally
        {
            kamailio.Kill(entireProcessTree: true);
            await kamailio.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"\nreply_route \{.*?\n\}\n", RegexOptions.Singleline)]
    private static partial Regex ReplyRoute();

    private static Regex NamedRoute(string name) => new($@"route\[{name}\] \{{.*?\n\}}\n", RegexOptions.Singleline);

    [GeneratedRegex(@"X-Answer-Flags: (?<flags>[^\r\n]*)\r\n")]
    private static partial Regex FlagsHeader();
}
