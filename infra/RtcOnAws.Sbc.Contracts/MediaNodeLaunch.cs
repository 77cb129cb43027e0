using System.Globalization;
using System.Text;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// media-node's launch on an SBC node: the config file (what every node has: addresses, ports, heartbeat) and the command
/// line after the executable (the config file, then the pair's HA flags, then the extra arguments). The CDK writes exactly
/// these; tests feed exactly these to the real option parser.
/// </summary>
public sealed class MediaNodeLaunch
{
    private MediaNodeLaunch(string configFileText, IReadOnlyList<string> arguments)
    {
        ConfigFileText = configFileText;
        Arguments = arguments;
    }

    /// <summary>Text of <see cref="SbcPaths.MediaNodeConfigFile"/> (ini, section <c>[rtpengine]</c>).</summary>
    public string ConfigFileText { get; }

    /// <summary>The command-line words after the executable, unquoted; the first two name the config file.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The flags media-node gets from <see cref="MediaNodeHaLaunch"/>; extra arguments may not repeat them.</summary>
    public static IReadOnlyList<string> HighAvailabilityFlags { get; } =
    [
        MediaNodeFlags.Redis, MediaNodeFlags.RedisTls, MediaNodeFlags.RedisKeyPrefix, MediaNodeFlags.HaTakeover, MediaNodeFlags.HaAwsPairTag,
        MediaNodeFlags.HaHeartbeatKeyFile, MediaNodeFlags.FreeBind, MediaNodeFlags.HaHeartbeatInterval, MediaNodeFlags.HaHeartbeatTimeout,
        MediaNodeFlags.HaLeaseTtl, MediaNodeFlags.HaLeaseRenew, MediaNodeFlags.HaFenceMargin,
    ];

    /// <summary>Builds the launch.</summary>
    /// <param name="settings">The node's settings.</param>
    /// <param name="configFile">Where the config file goes.</param>
    /// <param name="heartbeatKeyFile">Where the HA heartbeat key file is (only read with <see cref="MediaNodeLaunchSettings.HighAvailability"/>).</param>
    public static MediaNodeLaunch Create(MediaNodeLaunchSettings settings, string configFile = SbcPaths.MediaNodeConfigFile,
        string heartbeatKeyFile = SbcPaths.HeartbeatKeyFile)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var file = new StringBuilder("[rtpengine]\n");
        void Line(string flag, string value) => file.Append(CultureInfo.InvariantCulture, $"{MediaNodeFlags.Key(flag)} = {value}\n");
        // With an Elastic IP, one interface per side (rtpengine's ';'-separated list); the first is the default.
        Line(MediaNodeFlags.Interface, settings.AdvertisedAddress is { } advertised
            ? $"{MediaNodeInterfaces.Internal}/{settings.MediaAddress};{MediaNodeInterfaces.External}/{settings.MediaAddress}!{advertised}"
            : settings.MediaAddress);
        Line(MediaNodeFlags.ListenNg, $"127.0.0.1:{Number(settings.NgControlPort)}");
        Line(MediaNodeFlags.ListenHttp, $"127.0.0.1:{Number(settings.HttpPort)}");
        Line(MediaNodeFlags.PortMin, Number(settings.PortMin));
        Line(MediaNodeFlags.PortMax, Number(settings.PortMax));
        if (settings.HeartbeatNamespace is { } metricNamespace)
        {
            Line(MediaNodeFlags.HeartbeatNamespace, metricNamespace);
        }

        List<string> arguments = [MediaNodeFlags.ConfigFile, configFile];
        if (settings.HighAvailability is { } ha)
        {
            arguments.AddRange(
            [
                .. ha.Redis is { } redis ? [MediaNodeFlags.Redis, redis] : Array.Empty<string>(),
                .. ha.RedisTls ? [MediaNodeFlags.RedisTls] : Array.Empty<string>(),
                MediaNodeFlags.RedisKeyPrefix, MediaNodeHaLaunch.RedisKeyPrefix(ha.PairId),
                MediaNodeFlags.HaTakeover, "aws",
                MediaNodeFlags.HaAwsPairTag, SbcTags.PairTag(ha.PairId),
                MediaNodeFlags.HaHeartbeatKeyFile, heartbeatKeyFile,
                // The standby binds the floating address before the takeover moves it to its interface.
                MediaNodeFlags.FreeBind,
                MediaNodeFlags.HaHeartbeatInterval, Number(ha.HeartbeatIntervalMs),
                MediaNodeFlags.HaHeartbeatTimeout, Number(ha.HeartbeatTimeoutMs),
                MediaNodeFlags.HaLeaseTtl, Number(ha.LeaseTtlMs),
                MediaNodeFlags.HaLeaseRenew, Number(ha.LeaseRenewMs),
                MediaNodeFlags.HaFenceMargin, Number(ha.FenceMarginMs),
            ]);
        }
        arguments.AddRange(settings.ExtraArguments);
        return new MediaNodeLaunch(file.ToString(), arguments);
    }

    /// <summary>Whether <paramref name="argument"/> is one of the <see cref="HighAvailabilityFlags"/>, alone or as <c>--flag=value</c>.</summary>
    /// <param name="argument">One command-line word.</param>
    public static bool IsHighAvailabilityFlag(string argument) =>
        HighAvailabilityFlags.Any(flag => argument == flag || argument.StartsWith(flag + "=", StringComparison.Ordinal));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
