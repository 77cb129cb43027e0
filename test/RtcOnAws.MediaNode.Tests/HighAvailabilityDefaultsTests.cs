using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// Each HA default is defined once: the option's default is what the settings carry, and the parse-time validator
/// (which System.CommandLine shows only the options actually given) resolves exactly the values a finished parse does.
/// </summary>
public sealed class HighAvailabilityDefaultsTests : IDisposable
{
    private const string Redis = "10.0.9.9:6379/0";
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"media-node-hb-{Guid.NewGuid():N}.key");

    public HighAvailabilityDefaultsTests() => File.WriteAllBytes(_keyFile, new byte[32]);

    public void Dispose() => File.Delete(_keyFile);

    [Fact]
    public void The_settings_of_a_bare_redis_flag_carry_the_option_defaults()
    {
        var options = new HighAvailabilityOptions();
        var parse = Parse(options, "--redis", Redis, "--ha-peer", "127.0.0.1:7001", "--ha-heartbeat-listen", "127.0.0.1:7000", "--ha-heartbeat-key-file", _keyFile);

        var settings = new HighAvailabilityComposition(options)
            .ToSettings(options.Resolve(parse), IPAddress.Loopback, 30000, 30999, new HighAvailabilityStart(NullLoggerFactory.Instance, null))!;

        Assert.Equal(HighAvailabilityDefaults.KeyPrefix, settings.KeyPrefix);
        Assert.Equal(TimeSpan.FromSeconds(HighAvailabilityDefaults.ExpirySeconds), settings.Expiry);
        Assert.Equal(HighAvailabilityDefaults.NodeId, settings.NodeId);
        Assert.Equal(RoleOptions.Default, settings.Roles);
        Assert.Equal(HeartbeatOptions.DefaultInterval, settings.Heartbeat!.Interval);
        Assert.IsType<NoAddressTakeover>(settings.Takeover);
    }

    [Theory]
    [InlineData]
    [InlineData("--redis", Redis, "--redis-expiry", "60", "--ha-takeover", "local", "--ha-vip-device", "eth0", "--ha-lease-ttl", "100")]
    public void The_validator_resolves_the_same_values_as_the_finished_parse(params string[] args)
    {
        var options = new HighAvailabilityOptions();
        HighAvailabilityArguments? seen = null;
        var root = new RootCommand();
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        root.Validators.Add(result => seen = options.Resolve(result));

        var parse = root.Parse(args);

        Assert.Empty(parse.Errors);
        var parsed = options.Resolve(parse);
        Assert.NotNull(seen);
        foreach (var option in options.All)
        {
            Assert.Equal(Value(parsed, option), Value(seen, option));
        }

        Assert.Equal(HighAvailabilityDefaults.HeartbeatIntervalMs, seen.Number(options.HeartbeatInterval));
    }

    [Fact]
    public void Validation_checks_a_given_flag_against_the_default_of_another()
    {
        // The default heartbeat interval does not fit in half of a 16 ms timeout: only a validator that sees the default finds that.
        var options = new HighAvailabilityOptions();
        var root = new RootCommand();
        options.AddTo(root);

        var errors = root.Parse([
            "--redis", Redis, "--ha-peer", "127.0.0.1:7001", "--ha-heartbeat-listen", "127.0.0.1:7000", "--ha-heartbeat-key-file", _keyFile,
            "--ha-heartbeat-timeout", "16"]).Errors;

        Assert.Contains(errors, e => e.Message.StartsWith($"--ha-heartbeat-interval {HighAvailabilityDefaults.HeartbeatIntervalMs} must be", StringComparison.Ordinal));
    }

    private static object? Value(HighAvailabilityArguments arguments, Option option) => option switch
    {
        Option<int> number => arguments.Number(number),
        Option<bool> flag => arguments.Flag(flag),
        _ => arguments.Text(option),
    };

    private static ParseResult Parse(HighAvailabilityOptions options, params string[] args)
    {
        var root = new RootCommand();
        options.AddTo(root);
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        return parse;
    }
}
