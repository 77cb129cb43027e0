using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>Every combination of the settings that change the script's shape passes the real <c>kamailio -c</c>.</summary>
public sealed class KamailioConfigCheckTests
{
    public static TheoryData<int, bool, int, bool, bool> Combinations()
    {
        var data = new TheoryData<int, bool, int, bool, bool>();
        foreach (var upstreams in new[] { 0, 1, 2 })
        {
            foreach (var elasticIp in new[] { false, true })
            {
                foreach (var node in new[] { 0, 1 })
                {
                    foreach (var peer in new[] { false, true })
                    {
                        foreach (var trusted in new[] { false, true })
                        {
                            data.Add(upstreams, elasticIp, node, peer, trusted);
                        }
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Kamailio_accepts_the_rendered_config(int upstreams, bool elasticIp, int node, bool peer, bool trusted)
    {
        var settings = Settings.Node(node) with
        {
            AdvertisedAddress = elasticIp ? "203.0.113.10" : null,
            PeerAddress = peer ? Settings.NodeAddresses[1 - node] : null,
            TrustedSourceCidrs = trusted ? ["10.40.0.0/16", "192.168.7.0/24"] : [],
            Routing = upstreams switch
            {
                0 => SipRouting.ByRequestUri,
                1 => SipRouting.Through(new SipUpstream("10.40.2.15")),
                _ => SipRouting.Through(new SipUpstream("10.40.2.15"), new SipUpstream("pbx.example.com", 5080, SipTransport.Tcp)) with { ProbeIntervalSeconds = 5, ProbeFailureThreshold = 3 },
            },
        };

        var (exitCode, output) = await KamailioCheck.RunAsync(settings);

        Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}:\n{output}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kamailio_accepts_the_config_with_the_health_answer(bool pair)
    {
        var settings = Settings.Node(0) with
        {
            AdvertisedAddress = "203.0.113.10",
            PeerAddress = pair ? Settings.NodeAddresses[1] : null,
            Routing = SipRouting.Through(new SipUpstream("10.40.2.15")),
            MediaNodeHttpPort = SbcPorts.MediaNodeHttp,
        };

        var (exitCode, output) = await KamailioCheck.RunAsync(settings);

        Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}:\n{output}");
    }

    [Fact]
    public async Task Kamailio_refuses_a_broken_script_so_the_check_can_fail()
    {
        // The check is only worth something if kamailio -c rejects what it cannot load: render, then break one module parameter.
        var folder = Directory.CreateTempSubdirectory("rtconaws-kamailio-broken-").FullName;
        try
        {
            var file = Path.Combine(folder, "kamailio.cfg");
            await File.WriteAllTextAsync(file, KamailioConfig.Render(Settings.Node(0)).Text.Replace("\"h_id_step\"", "\"h_id_steps\"", StringComparison.Ordinal));
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kamailio", ["-c", "-f", file]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("h_id_steps", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
