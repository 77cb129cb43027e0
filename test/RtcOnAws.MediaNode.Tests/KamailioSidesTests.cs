using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using NetworkNamespace = RtcOnAws.MediaNode.Drill.NetworkNamespace;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Sip;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// An SBC node behind AWS's 1:1 NAT, in a network namespace of its own (needs root, as CI runs): the rendered Kamailio
/// config with an Elastic IP and media-node with the CDK's launch, a caller on an internet address and an upstream on a
/// private one. Each side must get the address it can reach — the floating private address toward the upstream, the
/// Elastic IP toward the internet — in Via, Record-Route and SDP, and in-dialog requests from both sides must route back.
/// The caller sends to the floating address itself, as the NAT would deliver its packets.
/// </summary>
public sealed class KamailioSidesTests : IAsyncLifetime
{
    private const string NamePrefix = "sb-sides-";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly IPAddress Floating = IPAddress.Parse("10.250.0.100");
    private static readonly IPAddress ElasticIp = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress Upstream = IPAddress.Parse("10.250.0.2");
    private static readonly IPAddress Caller = IPAddress.Parse("198.51.100.20");
    // The process id tells a namespace of a dead test run (removed at start) from one of a run still going.
    private readonly string _namespace = $"{NamePrefix}{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
    private readonly string _directory = Directory.CreateTempSubdirectory("sb-sides-").FullName;
    private readonly List<ChildProcess> _processes = [];
    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;
    private NgClient _ng = null!;

    private static IPEndPoint Sip => new(Floating, SbcPorts.Sip);

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        await RemoveStaleNamespacesAsync();
        await RunAsync("ip", "netns", "add", _namespace);
        await RunAsync("ip", "-n", _namespace, "link", "set", "lo", "up");
        foreach (var address in new[] { Floating, Upstream, Caller })
        {
            await RunAsync("ip", "-n", _namespace, "addr", "add", $"{address}/32", "dev", "lo");
        }

        (_alice, _bob, _ng) = NetworkNamespace.Run(_namespace, () =>
            (new SipUserAgent("alice", Caller), new SipUserAgent("bob", Upstream), new NgClient(new IPEndPoint(IPAddress.Loopback, SbcPorts.NgControl))));

        // media-node exactly as the CDK launches it on a node with an Elastic IP (its config file and command line).
        var launch = MediaNodeLaunch.Create(new MediaNodeLaunchSettings
        {
            MediaAddress = Floating.ToString(), AdvertisedAddress = ElasticIp.ToString(), PortMin = 30000, PortMax = 30099,
            ExtraArguments = ["--num-threads", "1"],
        }, Path.Combine(_directory, "media-node.conf"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "media-node.conf"), launch.ConfigFileText);
        _processes.Add(ChildProcess.Start("ip", ["netns", "exec", _namespace, "dotnet", Path.Combine(AppContext.BaseDirectory, "RtcOnAws.MediaNode.dll"), .. launch.Arguments]));
        var pong = await _ng.PingUntilStartedAsync(_processes[^1]);
        Assert.Equal("pong", pong["result"]?.AsText());

        var settings = new KamailioSettings
        {
            FloatingAddress = Floating.ToString(),
            AdvertisedAddress = ElasticIp.ToString(),
            NodeAddress = Floating.ToString(),
            NodeIndex = 0,
            // Forwarded by Request-URI into the upstream's host; the upstream is trusted for its requests toward callers.
            Domain = Upstream.ToString(),
            TrustedSourceCidrs = [$"{Upstream}/32"],
            ControlSocket = $"unix:{Path.Combine(_directory, "kamailio_ctl")}",
            Workers = 2,
            LogLevel = 2,
        };
        var config = Path.Combine(_directory, "kamailio.cfg");
        await File.WriteAllTextAsync(config, KamailioConfig.Render(settings).Text);
        var kamailio = ChildProcess.Start("ip",
            ["netns", "exec", _namespace, "kamailio", "-DD", "-E", "-f", config, "-Y", _directory, "-P", Path.Combine(_directory, "kamailio.pid"), "-m", "64", "-M", "8", "-w", _directory]);
        _processes.Add(kamailio);
        // Ready once its SIP socket is bound and its rtpengine module has pinged media-node.
        var deadline = DateTime.UtcNow + Wait;
        while (!(await OutputAsync("ip", "netns", "exec", _namespace, "ss", "-H", "-u", "-l", "-n")).Output.Contains($"{Sip} ", StringComparison.Ordinal)
            || await PingsReceivedAsync() < 1)
        {
            if (kamailio.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"kamailio did not start:\n{kamailio.Output}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        _alice?.Dispose();
        _bob?.Dispose();
        _ng?.Dispose();
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await KillNamespaceProcessesAsync(_namespace);
        Directory.Delete(_directory, recursive: true);
        await RunAsync("ip", "netns", "delete", _namespace);
    }

    [Fact]
    public async Task A_call_from_the_internet_to_a_private_upstream_shows_each_side_its_own_address_and_routes_back_from_both()
    {
        try
        {
            await CallAsync();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"{exception.Message}\n--- kamailio ---\n{_processes[1].Output}\n--- media-node ---\n{_processes[0].Output}", exception);
        }
    }

    private async Task CallAsync()
    {
        var callId = $"{Guid.NewGuid():N}@test";
        var aliceFrom = $"<sip:alice@{Caller}>;tag={_alice.Tag}";
        var requestUri = _bob.ContactUri;

        await _alice.SendAsync(_alice.Request("INVITE", requestUri, callId, 1, aliceFrom, $"<{requestUri}>", [], _alice.Sdp()), Sip);
        var (invite, proxy) = await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "INVITE", Wait);

        // The upstream sees the floating private address: in the Via the proxy added, in the Record-Route it will use, in SDP.
        Assert.StartsWith($"SIP/2.0/UDP {Floating}", invite.Header("Via"), StringComparison.Ordinal);
        var recordRoute = Entries(invite.All("Record-Route"));
        Assert.Equal(2, recordRoute.Count);
        Assert.Contains($"sip:{Floating}", recordRoute[0], StringComparison.Ordinal);
        Assert.Contains($"sip:{ElasticIp}", recordRoute[1], StringComparison.Ordinal);
        var bobSendsTo = SipUserAgent.MediaEndPoint(invite.Body);
        Assert.Equal(Floating, bobSendsTo.Address);
        Assert.DoesNotContain(ElasticIp.ToString(), invite.Body, StringComparison.Ordinal);

        await _bob.SendAsync(_bob.Response(invite, 200, "OK", _bob.Sdp()), proxy);
        var (ok, _) = await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "INVITE" && m.StatusCode == 200, Wait);

        // The caller sees the Elastic IP: the Record-Route it routes by starts there, and its SDP names it.
        var aliceRoutes = Entries(ok.All("Record-Route")).AsEnumerable().Reverse().ToArray();
        Assert.Contains($"sip:{ElasticIp}", aliceRoutes[0], StringComparison.Ordinal);
        var aliceSendsTo = SipUserAgent.MediaEndPoint(ok.Body);
        Assert.Equal(ElasticIp, aliceSendsTo.Address);
        Assert.Contains($"o=bob 1000 1 IN IP4 {ElasticIp}", ok.Body, StringComparison.Ordinal);
        Assert.InRange(aliceSendsTo.Port, 30000, 30099);

        var bobTarget = SipUserAgent.Uri(ok.Header("Contact")!);
        var aliceTo = ok.Header("To")!;
        await _alice.SendAsync(_alice.Request("ACK", bobTarget, callId, 1, aliceFrom, aliceTo, aliceRoutes), Sip);
        await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "ACK", Wait);

        // Media flows through the ports each side was given (the NAT turns the Elastic IP into the floating address).
        var fromAlice = RtpPacket(1, 0xA0);
        await _alice.Rtp.SendAsync(fromAlice, new IPEndPoint(Floating, aliceSendsTo.Port));
        Assert.Equal(fromAlice, (await ReceiveAsync(_bob.Rtp)).Buffer);
        var fromBob = RtpPacket(1, 0xB0);
        await _bob.Rtp.SendAsync(fromBob, bobSendsTo);
        Assert.Equal(fromBob, (await ReceiveAsync(_alice.Rtp)).Buffer);

        // The upstream re-INVITEs by its route set (floating address first); the caller gets it by the Elastic IP.
        var bobRoutes = recordRoute.ToArray();
        var bobFrom = invite.Header("To") + $";tag={_bob.Tag}";
        var aliceTarget = SipUserAgent.Uri(invite.Header("Contact")!);
        await _bob.SendAsync(_bob.Request("INVITE", aliceTarget, callId, 1, bobFrom, aliceFrom, bobRoutes, _bob.Sdp(2)), proxy);
        var (reInvite, reInviteProxy) = await _alice.ReceiveAsync(m => !m.IsResponse && m.Method == "INVITE", Wait);
        Assert.StartsWith($"SIP/2.0/UDP {ElasticIp}", reInvite.Header("Via"), StringComparison.Ordinal);
        Assert.Equal(ElasticIp, SipUserAgent.MediaEndPoint(reInvite.Body).Address);
        await _alice.SendAsync(_alice.Response(reInvite, 200, "OK", _alice.Sdp(2)), reInviteProxy);
        var (reOk, _) = await _bob.ReceiveAsync(m => m.IsResponse && m.Method == "INVITE" && m.StatusCode == 200, Wait);
        Assert.Equal(Floating, SipUserAgent.MediaEndPoint(reOk.Body).Address);
        await _bob.SendAsync(_bob.Request("ACK", aliceTarget, callId, 1, bobFrom, aliceFrom, bobRoutes), proxy);
        await _alice.ReceiveAsync(m => !m.IsResponse && m.Method == "ACK", Wait);

        // The caller hangs up by its route set (Elastic IP first); the upstream gets the BYE from the floating address.
        await _alice.SendAsync(_alice.Request("BYE", bobTarget, callId, 2, aliceFrom, aliceTo, aliceRoutes), Sip);
        var (bye, byeProxy) = await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "BYE", Wait);
        Assert.StartsWith($"SIP/2.0/UDP {Floating}", bye.Header("Via"), StringComparison.Ordinal);
        await _bob.SendAsync(_bob.Response(bye, 200, "OK"), byeProxy);
        await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "BYE" && m.StatusCode == 200, Wait);
        var list = await _ng.RequestAsync(NgClient.Dict(("command", "list")));
        Assert.Empty(list["calls"]!.Items);
    }

    // Record-Route entries in order, whether the proxy wrote them as one header or several.
    private static List<string> Entries(IEnumerable<string> headers) =>
        [.. headers.SelectMany(h => h.Split(">,", StringSplitOptions.TrimEntries)).Select(e => e.EndsWith('>') ? e : e + ">")];

    private async Task<long> PingsReceivedAsync()
    {
        var statistics = await _ng.RequestAsync(NgClient.Dict(("command", "statistics")));
        return statistics["statistics"]!["controlstatistics"]!["totalpingcount"]!.Integer;
    }

    private static byte[] RtpPacket(ushort sequence, byte fill)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        packet[3] = (byte)sequence;
        packet.AsSpan(12).Fill(fill);
        return packet;
    }

    private static async Task<System.Net.Sockets.UdpReceiveResult> ReceiveAsync(System.Net.Sockets.UdpClient client)
    {
        using var cancellation = new CancellationTokenSource(Wait);
        return await client.ReceiveAsync(cancellation.Token);
    }

    private static async Task RemoveStaleNamespacesAsync()
    {
        var (_, names) = await OutputAsync("ip", "netns", "list");
        foreach (var name in names.Split('\n').Select(l => l.Split(' ')[0]).Where(IsOfDeadRun))
        {
            await KillNamespaceProcessesAsync(name);
            await RunAsync("ip", "netns", "delete", name);
        }
    }

    private static bool IsOfDeadRun(string name) =>
        name.StartsWith(NamePrefix, StringComparison.Ordinal)
        && name[NamePrefix.Length..].Split('-') is [var pid, _]
        && int.TryParse(pid, CultureInfo.InvariantCulture, out var id)
        && !Directory.Exists($"/proc/{id}");

    // Kamailio's children outlive its main process: end whatever still runs in the namespace.
    private static async Task KillNamespaceProcessesAsync(string name)
    {
        var (_, pids) = await OutputAsync("ip", "netns", "pids", name);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await OutputAsync("kill", "-9", pid.Trim());
        }
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var (exitCode, output) = await OutputAsync(program, arguments);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)}: {output}");
    }

    private static async Task<(int ExitCode, string Output)> OutputAsync(string program, params string[] arguments)
    {
        await using var process = ChildProcess.Start(program, arguments);
        Assert.True(await process.WaitForExitAsync(Wait), $"{program} {string.Join(' ', arguments)} did not finish");
        return (process.ExitCode, process.Output);
    }
}
