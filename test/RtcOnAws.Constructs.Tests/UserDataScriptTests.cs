using System.Text.RegularExpressions;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// The real bash and systemd accept what the user data writes: a typo in a directive or a value systemd cannot parse
/// is only a warning at boot (the unit starts without it), so the verifier must print nothing at all.
/// </summary>
[Collection(CdkCollection.Name)]
public sealed partial class UserDataScriptTests(ConstructsFixture fixture)
{
    public static TheoryData<string> Pairs => ["high-availability", "standalone"];

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task User_data_is_valid_bash(string pair)
    {
        using var folder = new TempFolder();
        var script = Path.Combine(folder.Path, "user-data.sh");
        await File.WriteAllTextAsync(script, UserData(pair));
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["-n", script], folder.Path, TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("high-availability", SbcPaths.MediaNodeService)]
    [InlineData("standalone", SbcPaths.MediaNodeService)]
    [InlineData("high-availability", SbcPaths.KamailioService)]
    [InlineData("standalone", SbcPaths.KamailioService)]
    public async Task Systemd_accepts_every_line_of_the_unit(string pair, string service)
    {
        using var folder = new TempFolder();
        var unit = Path.Combine(folder.Path, service);
        // verify also checks that ExecStart's program exists; the media node is only there on an instance.
        var lines = SbcTemplate.Unit(UserData(pair), service)
            .Select(line => line.Replace(SbcPaths.MediaNodeExecutable, "/bin/true", StringComparison.Ordinal));
        await File.WriteAllLinesAsync(unit, lines);
        var (exitCode, output) = await ProcessRunner.RunAsync("systemd-analyze", ["verify", unit], folder.Path, TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"exit {exitCode}: {output}");
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Kamailio_accepts_the_config_the_user_data_writes_for_each_node(string pair)
    {
        var node = pair == "standalone" ? fixture.StandalonePairBesideHa : fixture.HaPair;
        foreach (var member in node.Nodes)
        {
            using var folder = new TempFolder();
            var config = Path.Combine(folder.Path, "kamailio.cfg");
            await File.WriteAllTextAsync(config, SbcTemplate.KamailioConfig(SbcTemplate.WithAddresses(
                SbcTemplate.UserData(fixture.App, ConstructsFixture.WithHighAvailability, member))));
            var (exitCode, output) = await ProcessRunner.RunAsync("kamailio", ["-c", "-f", config], folder.Path, TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}: {output}");
        }
    }

    /// <summary>The active node's user data with every CloudFormation reference replaced by a plain word, as at boot.</summary>
    private string UserData(string pair)
    {
        var node = pair == "standalone" ? fixture.StandalonePairBesideHa.Active : fixture.HaPair.Active;
        return Reference().Replace(SbcTemplate.UserData(fixture.App, ConstructsFixture.WithHighAvailability, node), "resolved-value");
    }

    [GeneratedRegex("<(Ref|GetAtt|Select0):[^>]+>")]
    private static partial Regex Reference();

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("rtconaws-user-data-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
