using RtcOnAws.App;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>The default app with the <c>sipUpstreams</c> context key: every SBC node dispatches to the upstreams.</summary>
[Collection(CdkCollection.Name)]
public sealed class UpstreamAppSbcTests
{
    private const string Stack = "RtcOnAws-Regional";

    [Fact]
    public async Task Every_node_dispatches_to_the_upstreams_and_kamailio_accepts_its_config()
    {
        var root = RtcApp.FindRepositoryRoot() ?? throw new InvalidOperationException("tests must run inside the repository checkout");
        using var app = new SynthesizedApp(
            a => RtcApp.Build(a, root),
            new Dictionary<string, object> { [AppSettings.SipUpstreamsKey] = "10.0.2.15,pbx.example.com:5080;transport=tcp" });
        var nodes = app.Resources(Stack, "AWS::EC2::Instance")
            .Select(r => SbcTemplate.WithAddresses(SbcTemplate.UserData(app, Stack, r.Id)))
            .Where(u => u.Contains(SbcPaths.KamailioConfigFile, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(4, nodes.Count);

        foreach (var userData in nodes)
        {
            var list = SbcTemplate.Between(userData, $"cat > {SbcPaths.KamailioDispatcherFile} <<'DISPATCHER'\n", "\nDISPATCHER\n");
            Assert.Equal(2, list.Count);
            Assert.StartsWith("1 sip:10.0.2.15:5060;transport=udp 0 2 socket=udp:", list[0], StringComparison.Ordinal);
            Assert.StartsWith("1 sip:pbx.example.com:5080;transport=tcp 0 1 socket=tcp:", list[1], StringComparison.Ordinal);

            var folder = Directory.CreateTempSubdirectory("rtconaws-upstreams-").FullName;
            try
            {
                var listFile = Path.Combine(folder, "dispatcher.list");
                await File.WriteAllLinesAsync(listFile, list);
                var config = Path.Combine(folder, "kamailio.cfg");
                var text = SbcTemplate.KamailioConfig(userData);
                Assert.Contains($"modparam(\"dispatcher\", \"list_file\", \"{SbcPaths.KamailioDispatcherFile}\")", text, StringComparison.Ordinal);
                await File.WriteAllTextAsync(config, text.Replace(SbcPaths.KamailioDispatcherFile, listFile, StringComparison.Ordinal));

                var (exitCode, output) = await ProcessRunner.RunAsync("kamailio", ["-c", "-f", config], folder, TimeSpan.FromSeconds(60));

                Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}: {output}");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
