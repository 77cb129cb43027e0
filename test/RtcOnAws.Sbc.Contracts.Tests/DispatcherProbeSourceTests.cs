using System.Diagnostics;
using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>
/// A standby's Kamailio runs the rendered config without owning the floating address: its dispatcher probes must still
/// reach the upstream (from the node's own address) and keep the upstream active, so a takeover finds it in service.
/// Two network namespaces joined by a veth pair, no route out: the node (its own address only) and the upstream.
/// </summary>
public sealed class DispatcherProbeSourceTests
{
    private const string NodeAddress = "10.77.0.1";
    private const string UpstreamAddress = "10.77.0.2";
    private const string FloatingAddress = "10.77.0.50";
    private const string CallerAddress = "10.77.0.3";

    // One INVITE without SDP (a late offer: no media node is needed to relay it) from a caller to the floating address.
    private const string Caller = """
        import socket
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("10.77.0.3", 5070))
        s.sendto(("INVITE sip:bob@sip.example.com SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 10.77.0.3:5070;branch=z9hG4bK-kam2-1;rport\r\n"
            "Max-Forwards: 70\r\nFrom: <sip:alice@10.77.0.3>;tag=a1\r\nTo: <sip:bob@sip.example.com>\r\n"
            "Call-ID: kam2-probe-source\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@10.77.0.3:5070>\r\n"
            "Content-Length: 0\r\n\r\n").encode(), ("10.77.0.50", 5060))
        """;

    // Answers every OPTIONS with 200 OK (Via, From, To, Call-ID, CSeq copied) and prints the probe's source address.
    private const string Responder = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("10.77.0.2", 5060))
        while True:
            data, peer = s.recvfrom(65535)
            lines = data.decode(errors="replace").split("\r\n")
            if lines[0].startswith("INVITE "):
                print("INVITE", peer[0], flush=True)
                continue
            if not lines[0].startswith("OPTIONS "):
                continue
            keep = [l for l in lines[1:] if l.split(":")[0].strip().lower() in ("via", "v", "from", "f", "to", "t", "call-id", "i", "cseq")]
            s.sendto(("SIP/2.0 200 OK\r\n" + "\r\n".join(keep) + "\r\nContent-Length: 0\r\n\r\n").encode(), peer)
            print("PROBE", peer[0], flush=True)
        """;

    [Fact]
    public async Task ProbesLeaveFromTheNodeAddressAndKeepTheUpstreamActiveWhileCallsLeaveFromTheFloatingAddress()
    {
        var suffix = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var node = $"rtkm2-n{suffix}";
        var upstream = $"rtkm2-u{suffix}";
        var folder = Directory.CreateTempSubdirectory("rtconaws-kam2-probe-").FullName;
        Process? kamailio = null;
        Process? responder = null;
        try
        {
            await Run("ip", "netns", "add", node);
            await Run("ip", "netns", "add", upstream);
            await Run("ip", "-n", node, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", upstream);
            await Run("ip", "-n", node, "addr", "add", $"{NodeAddress}/24", "dev", "veth0");
            await Run("ip", "-n", upstream, "addr", "add", $"{UpstreamAddress}/24", "dev", "veth1");
            foreach (var (ns, dev) in new[] { (node, "veth0"), (node, "lo"), (upstream, "veth1"), (upstream, "lo") })
            {
                await Run("ip", "-n", ns, "link", "set", dev, "up");
            }

            var settings = new KamailioSettings
            {
                FloatingAddress = FloatingAddress,
                NodeAddress = NodeAddress,
                NodeIndex = 1,
                Domain = "sip.example.com",
                Routing = SipRouting.Through(new SipUpstream(UpstreamAddress)) with { ProbeIntervalSeconds = 1 },
                DispatcherFile = Path.Combine(folder, "dispatcher.list"),
                ControlSocket = $"unix:{Path.Combine(folder, "ctl")}",
            };
            var config = KamailioConfig.Render(settings);
            var configFile = Path.Combine(folder, "kamailio.cfg");
            await File.WriteAllTextAsync(configFile, config.Text);
            await File.WriteAllTextAsync(settings.DispatcherFile, config.DispatcherList!);

            responder = Start("ip", "netns", "exec", upstream, "python3", "-c", Responder);
            kamailio = Start("ip", "netns", "exec", node, "kamailio", "-DD", "-E", "-f", configFile, "-Y", folder,
                "-P", Path.Combine(folder, "kamailio.pid"), "-m", "64", "-M", "8", "-w", folder);

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var probeSource = await FirstSource(responder, "PROBE ", deadline.Token);
            Assert.Equal(NodeAddress, probeSource);

            var list = "";
            while (!deadline.IsCancellationRequested && !list.Contains("FLAGS: AP", StringComparison.Ordinal))
            {
                list = await Output("ip", "netns", "exec", node, "kamcmd", "-s", settings.ControlSocket, "dispatcher.list");
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            }
            Assert.Contains($"URI: sip:{UpstreamAddress}:5060;transport=udp", list, StringComparison.Ordinal);
            Assert.Contains("FLAGS: AP", list, StringComparison.Ordinal);

            // The takeover: the floating address arrives, and a caller's INVITE goes to the upstream from it, not from the probe socket.
            await Run("ip", "-n", node, "addr", "add", $"{FloatingAddress}/24", "dev", "veth0");
            await Run("ip", "-n", upstream, "addr", "add", $"{CallerAddress}/24", "dev", "veth1");
            await Run("ip", "netns", "exec", upstream, "python3", "-c", Caller);
            Assert.Equal(FloatingAddress, await FirstSource(responder, "INVITE ", deadline.Token));
        }
        finally
        {
            Stop(kamailio);
            Stop(responder);
            await Output("ip", "netns", "del", node);
            await Output("ip", "netns", "del", upstream);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> FirstSource(Process responder, string prefix, CancellationToken cancellation)
    {
        while (await responder.StandardOutput.ReadLineAsync(cancellation) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }
        }
        throw new InvalidOperationException($"the upstream stopped before any {prefix.Trim()} arrived: " + await responder.StandardError.ReadToEndAsync(CancellationToken.None));
    }

    private static Process Start(string file, params string[] arguments) =>
        Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        process.Dispose();
    }

    private static async Task Run(string file, params string[] arguments)
    {
        using var process = Start(file, arguments);
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error}");
    }

    private static async Task<string> Output(string file, params string[] arguments)
    {
        using var process = Start(file, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }
}
