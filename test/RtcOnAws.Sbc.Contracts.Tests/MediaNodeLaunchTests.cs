using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

public sealed class MediaNodeLaunchTests
{
    private static readonly MediaNodeHaLaunch Ha = new()
    {
        Redis = "store.example:6379/0",
        PairId = "edge-a",
        HeartbeatIntervalMs = 20,
        HeartbeatTimeoutMs = 150,
        LeaseTtlMs = 300,
        LeaseRenewMs = 50,
        FenceMarginMs = 100,
    };

    [Fact]
    public void The_config_file_holds_what_every_node_has_with_control_on_loopback()
    {
        var launch = MediaNodeLaunch.Create(new MediaNodeLaunchSettings
        {
            MediaAddress = "10.40.1.50", AdvertisedAddress = "203.0.113.10", PortMin = 20000, PortMax = 20999, HeartbeatNamespace = "RtcOnAws/MediaNode",
        });

        Assert.Equal(
            "[rtpengine]\ninterface = internal/10.40.1.50;external/10.40.1.50!203.0.113.10\nlisten-ng = 127.0.0.1:2223\nlisten-http = 127.0.0.1:2225\n" +
            "port-min = 20000\nport-max = 20999\nheartbeat-namespace = RtcOnAws/MediaNode\n",
            launch.ConfigFileText);
        Assert.Equal([MediaNodeFlags.ConfigFile, SbcPaths.MediaNodeConfigFile], launch.Arguments);
    }

    [Fact]
    public void A_pair_node_gets_every_ha_flag_and_timer_before_the_extra_arguments()
    {
        var launch = MediaNodeLaunch.Create(new MediaNodeLaunchSettings { MediaAddress = "10.40.1.50", HighAvailability = Ha, ExtraArguments = ["--log-level", "debug"] });

        Assert.Equal(
        [
            "--config-file", SbcPaths.MediaNodeConfigFile, "--redis", "store.example:6379/0", "--redis-tls", "--redis-key-prefix", "rtconaws:edge-a:",
            "--ha-takeover", "aws", "--ha-aws-pair-tag", "rtconaws:pair=edge-a", "--ha-heartbeat-key-file", SbcPaths.HeartbeatKeyFile, "--freebind",
            "--ha-heartbeat-interval", "20", "--ha-heartbeat-timeout", "150", "--ha-lease-ttl", "300", "--ha-lease-renew", "50", "--ha-fence-margin", "100",
            "--log-level", "debug",
        ], launch.Arguments);
        Assert.All(MediaNodeLaunch.HighAvailabilityFlags, flag => Assert.Contains(flag, launch.Arguments));
    }

    [Theory]
    [InlineData("--ha-lease-ttl", true)]
    [InlineData("--ha-lease-ttl=400", true)]
    [InlineData("--log-level", false)]
    public void Ha_flags_are_recognized_alone_and_with_a_value(string argument, bool expected) =>
        Assert.Equal(expected, MediaNodeLaunch.IsHighAvailabilityFlag(argument));
}
