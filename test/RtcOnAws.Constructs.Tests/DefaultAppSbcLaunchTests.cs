using System.Text.RegularExpressions;
using RtcOnAws.MediaNode;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// What the default app writes on every SBC node, taken from the synthesized user data exactly as the node gets it
/// (deploy-time references resolved to addresses, the Redis port to 6379): media-node's ExecStart words and config file go
/// through the real media-node option parser, the kamailio.cfg through the real <c>kamailio -c</c>.
/// </summary>
public sealed partial class DefaultAppSbcLaunchTests(DefaultAppFixture fixture) : IClassFixture<DefaultAppFixture>
{
    private const string Stack = "RtcOnAws-Regional";

    public static TheoryData<int> Nodes => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Nodes))]
    public async Task Media_node_parses_the_exact_command_line_and_config_file_of_each_node(int node)
    {
        var userData = NodeUserData(node);
        using var folder = new TempFolder();
        var configFile = Path.Combine(folder.Path, "media-node.conf");
        await File.WriteAllTextAsync(configFile, string.Join('\n', SbcTemplate.Between(userData, $"cat > {SbcPaths.MediaNodeConfigFile} <<'CONF'\n", "\nCONF\n")) + "\n");
        // The boot adds the session store's endpoint and AUTH token to the config file: run that very line in bash.
        var tokenFile = Path.Combine(folder.Path, "redis-auth");
        await File.WriteAllTextAsync(tokenFile, "token-from-secrets-manager");
        var append = Assert.Single(userData.Split('\n'), line => line.Contains($">> {SbcPaths.MediaNodeConfigFile}", StringComparison.Ordinal));
        var (appendExit, appendOutput) = await ProcessRunner.RunAsync(
            "bash", ["-euo", "pipefail", "-c", append.Replace(SbcPaths.RedisAuthStagingFile, tokenFile).Replace(SbcPaths.MediaNodeConfigFile, configFile)],
            folder.Path, TimeSpan.FromSeconds(30));
        Assert.True(appendExit == 0, appendOutput);
        var keyFile = Path.Combine(folder.Path, "heartbeat.key");
        await File.WriteAllTextAsync(keyFile, "0123456789abcdefghijklmnopqrstuv");
        var execStart = Assert.Single(SbcTemplate.Unit(userData), line => line.StartsWith("ExecStart=", StringComparison.Ordinal));
        var words = SystemdWords(execStart["ExecStart=".Length..]);
        Assert.Equal(SbcPaths.MediaNodeExecutable, words[0]);
        // Only the two node paths move to this machine; every other word is the node's own.
        var arguments = words.Skip(1)
            .Select(word => word == SbcPaths.MediaNodeConfigFile ? configFile : word == SbcPaths.HeartbeatKeyFile ? keyFile : word)
            .ToArray();

        var root = MediaNodeCommand.Create([new HighAvailabilityExtension(), new CloudWatchHeartbeatExtension()]);
        var known = root.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        using var warnings = new StringWriter();
        var parse = root.Parse(ConfigFileArguments.Expand(arguments, known, warnings));

        Assert.Empty(parse.Errors.Select(e => e.Message));
        Assert.Empty(warnings.ToString());
        Assert.Equal($"127.0.0.1:{SbcPorts.NgControl}", parse.GetValue<string>(MediaNodeFlags.ListenNg));
        // Two logical interfaces on the floating address: the private one advertised to private peers, the Elastic IP to the internet.
        var interfaces = InterfaceSpec.ParseAll(parse.GetValue<string[]>(MediaNodeFlags.Interface)!, out var interfaceError);
        Assert.True(interfaces is not null, interfaceError);
        Assert.Equal([MediaNodeInterfaces.Internal, MediaNodeInterfaces.External], interfaces.Select(i => i.Name));
        Assert.Matches(@"^10\.99\.\d+\.\d+$", interfaces[0].BindAddress.ToString());
        Assert.Equal(interfaces[0].BindAddress, interfaces[0].AdvertisedAddress);
        Assert.Equal(interfaces[0].BindAddress, interfaces[1].BindAddress);
        Assert.NotEqual(interfaces[0].BindAddress, interfaces[1].AdvertisedAddress);
        Assert.Equal(SbcPorts.RtpMin, parse.GetValue<int>(MediaNodeFlags.PortMin));
        Assert.Equal(SbcPorts.RtpMax, parse.GetValue<int>(MediaNodeFlags.PortMax));
        Assert.Equal("RtcOnAws/MediaNode", parse.GetValue<string>(MediaNodeFlags.HeartbeatNamespace));
        // The default app's pairs are hot-standby pairs: the timers reach the daemon, not only Redis and the takeover.
        Assert.True(parse.GetValue<bool>(MediaNodeFlags.RedisTls));
        Assert.Matches(@"^token-from-secrets-manager@10\.99\.\d+\.\d+:6379/0$", parse.GetValue<string>(MediaNodeFlags.Redis));
        Assert.Equal("aws", parse.GetValue<string>(MediaNodeFlags.HaTakeover));
        Assert.StartsWith($"{SbcTags.PairTagKey}=", parse.GetValue<string>(MediaNodeFlags.HaAwsPairTag), StringComparison.Ordinal);
        Assert.Equal(20, parse.GetValue<int>(MediaNodeFlags.HaHeartbeatInterval));
        Assert.Equal(150, parse.GetValue<int>(MediaNodeFlags.HaHeartbeatTimeout));
        Assert.Equal(300, parse.GetValue<int>(MediaNodeFlags.HaLeaseTtl));
        Assert.Equal(50, parse.GetValue<int>(MediaNodeFlags.HaLeaseRenew));
        Assert.Equal(100, parse.GetValue<int>(MediaNodeFlags.HaFenceMargin));
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public async Task Kamailio_accepts_the_exact_config_of_each_node(int node)
    {
        var userData = NodeUserData(node);
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "kamailio.cfg");
        await File.WriteAllTextAsync(config, SbcTemplate.KamailioConfig(userData));

        var (exitCode, output) = await ProcessRunner.RunAsync("kamailio", ["-c", "-f", config], folder.Path, TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0 && output.Contains("config file ok", StringComparison.OrdinalIgnoreCase), $"exit {exitCode}: {output}");
        // Each node of a pair replicates dialogs to the other, with its own dialog id range.
        Assert.Contains("modparam(\"dialog\", \"enable_dmq\", 1)", File.ReadAllText(config), StringComparison.Ordinal);
        // The health checks' answer: Kamailio asks its own media-node on loopback whether it serves.
        Assert.Contains($"http_client_query(\"http://127.0.0.1:{SbcPorts.MediaNodeHttp}/serving\"", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Contains("kamailio-utils-modules", userData, StringComparison.Ordinal);
    }

    [Fact]
    public void The_two_nodes_of_each_pair_draw_dialog_ids_from_distinct_ranges()
    {
        var starts = Enumerable.Range(0, 4).Select(i => DialogIdStart().Match(SbcTemplate.KamailioConfig(NodeUserData(i))).Groups[1].Value).ToList();
        Assert.Equal(["0", "1", "0", "1"], starts);
    }

    /// <summary>The user data of the default app's SBC instance number <paramref name="index"/> (pairs in order, active first), addresses resolved.</summary>
    private string NodeUserData(int index)
    {
        var instances = fixture.App.Resources(Stack, "AWS::EC2::Instance")
            .Select(r => SbcTemplate.UserData(fixture.App, Stack, r.Id))
            .Where(u => u.Contains(SbcPaths.KamailioConfigFile, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(4, instances.Count);
        return SbcTemplate.WithAddresses(RedisPort().Replace(instances[index], "6379"));
    }

    /// <summary>The words of a systemd command line as systemd splits them: double quotes, backslash escapes, %% and $$.</summary>
    private static List<string> SystemdWords(string commandLine) =>
        [.. SystemdWord().Matches(commandLine).Select(m => m.Groups[1].Success
            ? Regex.Replace(m.Groups[1].Value, @"\\(.)", "$1").Replace("%%", "%", StringComparison.Ordinal).Replace("$$", "$", StringComparison.Ordinal)
            : m.Groups[2].Value)];

    [GeneratedRegex("""
        "((?:[^"\\]|\\.)*)"|(\S+)
        """)]
    private static partial Regex SystemdWord();

    [GeneratedRegex(@"<GetAtt:[^>]+\.PrimaryEndPoint\.Port>")]
    private static partial Regex RedisPort();

    [GeneratedRegex("""modparam\("dialog", "h_id_start", (\d+)\)""")]
    private static partial Regex DialogIdStart();

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("rtconaws-launch-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
