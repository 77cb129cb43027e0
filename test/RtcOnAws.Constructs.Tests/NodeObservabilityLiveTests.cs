using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// The node-side observability of the default app's SBC node, run for real: its SIP statistics script (bash, the
/// distribution's <c>kamcmd</c>) against a real Kamailio running the SBC's rendered config, sending its EMF document to a
/// listener standing in for the CloudWatch agent; and its agent config's Prometheus declarations against what a real
/// media-node of a hot-standby pair (real Redis) serves on <c>/metrics</c>.
/// </summary>
[Collection(CdkCollection.Name)]
public sealed class NodeObservabilityLiveTests(DefaultAppFixture fixture)
{
    private const string Stack = "RtcOnAws-Regional";
    private const string InstanceId = "i-0123456789abcdef0";
    private const string MetricsLogGroup = "rtconaws-test-metrics";

    [Fact]
    public async Task The_sip_statistics_script_sends_per_minute_deltas_of_a_live_kamailio_as_one_emf_document()
    {
        using var folder = new Folder();
        var script = Path.Combine(folder.Path, "rtconaws-sip-stats");
        await File.WriteAllTextAsync(script, ScriptOf(NodeUserData(), "/usr/local/libexec/rtconaws-sip-stats", "SCRIPT"));
        var stateDir = Directory.CreateDirectory(Path.Combine(folder.Path, "state")).FullName;
        await File.WriteAllTextAsync(Path.Combine(stateDir, "instance-id"), InstanceId + "\n");
        // The distribution's kamcmd, pointed at this test's Kamailio control socket instead of /run/kamailio.
        var control = $"unix:{Path.Combine(folder.Path, "kamailio_ctl")}";
        var bin = Directory.CreateDirectory(Path.Combine(folder.Path, "bin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bin, "kamcmd"), $"#!/bin/sh\nexec /usr/sbin/kamcmd -s {control} \"$@\"\n");
        Assert.Equal(0, (await ProcessRunner.RunAsync("chmod", ["0700", Path.Combine(bin, "kamcmd")], folder.Path, TimeSpan.FromSeconds(10))).ExitCode);
        using var agent = new TcpListener(IPAddress.Loopback, 0);
        agent.Start();
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["RTCONAWS_STATE_DIR"] = stateDir,
            ["RTCONAWS_EMF_ENDPOINT"] = $"127.0.0.1/{((IPEndPoint)agent.LocalEndpoint).Port}",
        };

        var sipPort = FreePorts.UdpAndTcp(IPAddress.Loopback);
        await using (var kamailio = await Daemon.StartKamailioAsync(folder.Path, sipPort, control))
        {
            // First run: counters recorded, nothing sent (no previous minute to subtract).
            await RunScriptAsync(script, folder.Path, environment);
            Assert.False(agent.Pending());
            var recorded = await File.ReadAllLinesAsync(Path.Combine(stateDir, "sip-stats.previous"));
            Assert.Contains(recorded, line => Regex.IsMatch(line, @"^rcv_requests_options \d+$"));

            using (var caller = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                for (var i = 0; i < 3; i++)
                {
                    var options = Encoding.ASCII.GetBytes(
                        $"OPTIONS sip:127.0.0.1:{sipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{((IPEndPoint)caller.Client.LocalEndPoint!).Port};branch=z9hG4bK-hc{i}\r\n" +
                        $"Max-Forwards: 70\r\nFrom: <sip:probe@example.net>;tag=hc{i}\r\nTo: <sip:127.0.0.1:{sipPort}>\r\nCall-ID: hc-options-{i}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
                    await caller.SendAsync(options, new IPEndPoint(IPAddress.Loopback, sipPort));
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    var reply = Encoding.ASCII.GetString((await caller.ReceiveAsync(timeout.Token)).Buffer);
                    Assert.StartsWith("SIP/2.0 200", reply, StringComparison.Ordinal);
                }
            }

            // Second run: one EMF document with the deltas, in the SIP namespace, by instance.
            await RunScriptAsync(script, folder.Path, environment);
            Assert.True(agent.Pending(), "the script sent nothing to the agent's EMF listener");
            using var connection = await agent.AcceptTcpClientAsync();
            using var reader = new StreamReader(connection.GetStream());
            var document = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;
            var aws = document.GetProperty("_aws");
            Assert.Equal(MetricsLogGroup, aws.GetProperty("LogGroupName").GetString());
            var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
            Assert.Equal(NodeObservability.SipNamespace, directive.GetProperty("Namespace").GetString());
            Assert.Equal("""[["InstanceId"]]""", JsonSerializer.Serialize(directive.GetProperty("Dimensions")));
            Assert.Equal(InstanceId, document.GetProperty("InstanceId").GetString());
            Assert.Equal(3, document.GetProperty("rcv_requests_options").GetInt32());
            Assert.True(document.GetProperty("rcv_requests").GetInt32() >= 3);
            Assert.Equal(0, document.GetProperty("rcv_requests_invite").GetInt32());
            // Every declared metric is in the document, as a count.
            foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
            {
                Assert.Equal("Count", metric.GetProperty("Unit").GetString());
                Assert.Equal(JsonValueKind.Number, document.GetProperty(metric.GetProperty("Name").GetString()!).ValueKind);
            }
            Assert.True(Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - aws.GetProperty("Timestamp").GetInt64()) < 600_000);
        }

        // Kamailio gone: the script succeeds and sends nothing (no data, not zeros).
        await RunScriptAsync(script, folder.Path, environment);
        Assert.False(agent.Pending());
    }

    [Fact]
    public async Task Every_metric_the_agent_declares_is_served_by_a_live_media_node_with_the_declared_dimensions()
    {
        var userData = NodeUserData();
        var agentConfig = JsonDocument.Parse(ScriptOf(userData, "/opt/aws/amazon-cloudwatch-agent/etc/rtconaws-agent.json", "AGENT")).RootElement;
        var prometheus = agentConfig.GetProperty("logs").GetProperty("logs_collected").GetProperty("prometheus");
        Assert.Equal(NodeObservability.MediaNodeNamespace, prometheus.GetProperty("emf_processor").GetProperty("metric_namespace").GetString());
        var scrape = ScriptOf(userData, "/opt/aws/amazon-cloudwatch-agent/etc/rtconaws-prometheus.yaml", "PROMETHEUS", quoted: false);
        // The agent scrapes media-node's default monitoring address, under the job the declarations match.
        Assert.Contains($"- targets: ['127.0.0.1:{SbcPorts.MediaNodeHttp}']", scrape, StringComparison.Ordinal);
        Assert.Contains("- job_name: media-node", scrape, StringComparison.Ordinal);

        using var folder = new Folder();
        await using var redis = await Daemon.StartRedisAsync(folder.Path, FreePorts.Tcp());
        var (http, ng) = (FreePorts.Tcp(), FreePorts.Udp());
        await using var mediaNode = await Daemon.StartMediaNodeAsync(folder.Path, http, ng, redis.Port);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // One ng command, as Kamailio's rtpengine module pings: the command counter then has a sample.
        using (var kamailio = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            await kamailio.SendAsync(Encoding.ASCII.GetBytes("hc1 d7:command4:pinge"), new IPEndPoint(IPAddress.Loopback, ng));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal("hc1 d6:result4:ponge", Encoding.ASCII.GetString((await kamailio.ReceiveAsync(timeout.Token)).Buffer));
        }
        // The node takes the lease (no peer): the HA families then carry their role and transition samples.
        string metrics;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            metrics = await client.GetStringAsync(new Uri($"http://127.0.0.1:{http}/metrics"));
            if (Regex.IsMatch(metrics, "^medianode_ha_transitions_total\\{[^}]*to=\"active\"", RegexOptions.Multiline))
            {
                break;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        var samples = metrics.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var declaration in prometheus.GetProperty("emf_processor").GetProperty("metric_declaration").EnumerateArray())
        {
            Assert.Equal("^media-node$", declaration.GetProperty("label_matcher").GetString());
            var labels = declaration.GetProperty("dimensions")[0].EnumerateArray().Select(d => d.GetString()!).Where(d => d != "InstanceId").ToList();
            foreach (var selector in declaration.GetProperty("metric_selectors").EnumerateArray().Select(s => new Regex(s.GetString()!)))
            {
                var served = samples.Where(s => selector.IsMatch(Regex.Match(s, @"^[a-z_:]+").Value)).ToList();
                Assert.True(served.Count > 0, $"{selector} is declared but media-node serves no such metric:\n{metrics}");
                Assert.All(served, s => Assert.All(labels, label => Assert.Contains($"{label}=\"", s, StringComparison.Ordinal)));
            }
        }
    }

    private string NodeUserData()
    {
        var instance = fixture.App.Resources(Stack, "AWS::EC2::Instance").First().Id;
        // The metrics log group's name is a deploy-time reference: any name shows where it goes.
        return Regex.Replace(SbcTemplate.UserData(fixture.App, Stack, instance), "<Ref:[A-Za-z0-9]*MetricsLogs[A-Za-z0-9]*>", MetricsLogGroup);
    }

    private static string ScriptOf(string userData, string path, string marker, bool quoted = true) =>
        string.Join('\n', SbcTemplate.Between(userData, $"cat > {path} <<{(quoted ? $"'{marker}'" : marker)}\n", $"\n{marker}\n")) + "\n";

    private static async Task RunScriptAsync(string script, string folder, IDictionary<string, string> environment)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", [script], folder, TimeSpan.FromSeconds(30), environment);
        Assert.True(exitCode == 0, $"exit {exitCode}: {output}");
    }

    private sealed class Folder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("hc-observability-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    /// <summary>A real server process of the test, stopped (and its output kept for failures) on dispose.</summary>
    private sealed class Daemon : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Daemon(string fileName, IEnumerable<string> arguments, int port)
        {
            Port = port;
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Port { get; }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static Task<Daemon> StartKamailioAsync(string folder, int sipPort, string controlSocket)
        {
            var config = KamailioConfig.Render(new KamailioSettings
            {
                FloatingAddress = "127.0.0.1",
                SipPort = sipPort,
                NodeAddress = "127.0.0.1",
                NodeIndex = 0,
                Domain = "sbc.example.com",
                NgControlPort = FreePorts.Udp(),
                ControlSocket = controlSocket,
                Workers = 1,
            });
            var file = System.IO.Path.Combine(folder, "kamailio.cfg");
            File.WriteAllText(file, config.Text);
            var daemon = new Daemon("kamailio", ["-DD", "-E", "-f", file, "-Y", folder, "-P", System.IO.Path.Combine(folder, "kamailio.pid"), "-m", "64", "-M", "8", "-w", folder], sipPort);
            return daemon.WaitUntilAsync(() => File.Exists(controlSocket["unix:".Length..]) && daemon.Output.Contains("Listening on", StringComparison.Ordinal));
        }

        public static Task<Daemon> StartRedisAsync(string folder, int port)
        {
            var daemon = new Daemon("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder], port);
            return daemon.WaitUntilAsync(() => daemon.Output.Contains("Ready to accept connections", StringComparison.Ordinal));
        }

        public static Task<Daemon> StartMediaNodeAsync(string folder, int httpPort, int ngPort, int redisPort)
        {
            // The relay binds media ports only for calls, none here.
            var (min, max) = FreePorts.MediaRange(20);
            var daemon = new Daemon("dotnet",
            [
                System.IO.Path.Combine(AppContext.BaseDirectory, "RtcOnAws.MediaNode.dll"),
                "--interface", "127.0.0.1", "--listen-ng", $"127.0.0.1:{ngPort}", "--listen-http", $"127.0.0.1:{httpPort}",
                "--port-min", min.ToString(System.Globalization.CultureInfo.InvariantCulture), "--port-max", max.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--num-threads", "1", "--redis", $"127.0.0.1:{redisPort}/0", "--redis-key-prefix", "hc-observability:", "--ha-node-id", "node-a",
                "--ha-takeover", "none", "--ha-lease-ttl", "400", "--ha-lease-renew", "40", "--ha-fence-margin", "150",
            ], httpPort);
            return daemon.WaitUntilAsync(() => daemon.Output.Contains("/metrics", StringComparison.Ordinal));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }

        private async Task<Daemon> WaitUntilAsync(Func<bool> ready)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!ready())
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    var (name, output) = (_process.StartInfo.FileName, Output);
                    await DisposeAsync();
                    throw new InvalidOperationException($"{name} did not start:\n{output}");
                }
                await Task.Delay(100);
            }
            return this;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
