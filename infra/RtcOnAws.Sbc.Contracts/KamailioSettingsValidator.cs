using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>The checks behind <see cref="KamailioConfig.Validate"/>: every value that reaches kamailio.cfg is a number in range, an IPv4 address, a host name or a CIDR, so nothing can inject config text.</summary>
internal static partial class KamailioSettingsValidator
{
    public static List<string> Problems(KamailioSettings settings, Func<string, bool> isDeployTimeValue)
    {
        var problems = new List<string>();
        void Address(string? value, string name, bool required)
        {
            if (value is null)
            {
                if (required)
                {
                    problems.Add($"{name} is missing; expected an IPv4 address");
                }
                return;
            }
            if (!isDeployTimeValue(value) && !IsIPv4(value))
            {
                problems.Add($"{name} '{value}' is not an IPv4 address");
            }
        }
        void Range(int value, int min, int max, string name)
        {
            if (value < min || value > max)
            {
                problems.Add($"{name} {value} is out of range; expected {min} to {max}");
            }
        }

        Address(settings.FloatingAddress, nameof(settings.FloatingAddress), required: true);
        Address(settings.AdvertisedAddress, nameof(settings.AdvertisedAddress), required: false);
        Address(settings.NodeAddress, nameof(settings.NodeAddress), required: true);
        Address(settings.PeerAddress, nameof(settings.PeerAddress), required: false);
        Range(settings.SipPort, 1, 65535, nameof(settings.SipPort));
        Range(settings.DmqPort, 1, 65535, nameof(settings.DmqPort));
        Range(settings.NgControlPort, 1, 65535, nameof(settings.NgControlPort));
        Range(settings.NodeIndex, 0, 1, nameof(settings.NodeIndex));
        Range(settings.Flood.WindowSeconds, 1, 60, "Flood.WindowSeconds");
        Range(settings.Flood.RequestsPerWindow, 1, 100_000, "Flood.RequestsPerWindow");
        Range(settings.MaxMessageBytes, 1024, 65535, nameof(settings.MaxMessageBytes));
        Range(settings.MaxSdpLines, 8, 10_000, nameof(settings.MaxSdpLines));
        Range(settings.DialogTimeoutSeconds, 60, 604_800, nameof(settings.DialogTimeoutSeconds));
        Range(settings.EarlyDialogTimeoutSeconds, 5, 3600, nameof(settings.EarlyDialogTimeoutSeconds));
        Range(settings.Workers, 1, 64, nameof(settings.Workers));
        Range(settings.LogLevel, -3, 3, nameof(settings.LogLevel));
        Range(settings.Routing.ProbeIntervalSeconds, 1, 3600, "Routing.ProbeIntervalSeconds");
        Range(settings.Routing.ProbeFailureThreshold, 1, 10, "Routing.ProbeFailureThreshold");
        if (settings.MediaNodeHttpPort is { } httpPort)
        {
            Range(httpPort, 1, 65535, nameof(settings.MediaNodeHttpPort));
        }
        if (settings.FloatingAddress == settings.NodeAddress && settings.SipPort == settings.DmqPort)
        {
            problems.Add($"{nameof(settings.DmqPort)} {settings.DmqPort} equals {nameof(settings.SipPort)} on the same address; DMQ needs a listener of its own");
        }
        else if (settings.SipPort == settings.DmqPort && settings.PeerAddress is not null && KamailioConfig.ProbesFromNodeAddress(settings))
        {
            problems.Add($"{nameof(settings.DmqPort)} {settings.DmqPort} equals {nameof(settings.SipPort)}; upstream probes leave from {nameof(settings.NodeAddress)} on {nameof(settings.SipPort)}, so DMQ needs another port");
        }
        if (settings.PeerAddress is not null && settings.PeerAddress == settings.NodeAddress)
        {
            problems.Add($"{nameof(settings.PeerAddress)} '{settings.PeerAddress}' is this node's own {nameof(settings.NodeAddress)}");
        }
        if (!isDeployTimeValue(settings.Domain) && !IsIPv4(settings.Domain) && !IsHostName(settings.Domain))
        {
            problems.Add($"{nameof(settings.Domain)} '{settings.Domain}' is neither a host name nor an IPv4 address");
        }
        foreach (var cidr in settings.TrustedSourceCidrs)
        {
            if (!isDeployTimeValue(cidr) && !IsIPv4Cidr(cidr))
            {
                problems.Add($"{nameof(settings.TrustedSourceCidrs)} '{cidr}' is not an IPv4 CIDR such as 10.0.0.0/16");
            }
        }
        foreach (var cidr in settings.WebRtcGatewayCidrs)
        {
            if (!isDeployTimeValue(cidr) && !IsIPv4Cidr(cidr))
            {
                problems.Add($"{nameof(settings.WebRtcGatewayCidrs)} '{cidr}' is not an IPv4 CIDR such as 10.0.3.0/24");
            }
        }
        for (var i = 0; i < settings.Routing.Upstreams.Count; i++)
        {
            var upstream = settings.Routing.Upstreams[i];
            if (!isDeployTimeValue(upstream.Host) && !IsIPv4(upstream.Host) && !IsHostName(upstream.Host))
            {
                problems.Add($"Routing.Upstreams[{i}].Host '{upstream.Host}' is neither a host name nor an IPv4 address");
            }
            Range(upstream.Port, 1, 65535, $"Routing.Upstreams[{i}].Port");
        }
        if (!isDeployTimeValue(settings.DispatcherFile) && !SafePath().IsMatch(settings.DispatcherFile))
        {
            problems.Add($"{nameof(settings.DispatcherFile)} '{settings.DispatcherFile}' is not an absolute path of letters, digits, '.', '_', '-' and '/'");
        }
        if (!settings.ControlSocket.StartsWith("unix:", StringComparison.Ordinal) || !SafePath().IsMatch(settings.ControlSocket["unix:".Length..]))
        {
            problems.Add($"{nameof(settings.ControlSocket)} '{settings.ControlSocket}' is not 'unix:' and an absolute path of letters, digits, '.', '_', '-' and '/'");
        }
        return problems;
    }

    public static bool IsIPv4(string value) =>
        IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetwork && address.ToString() == value;

    private static bool IsIPv4Cidr(string value) =>
        value.Split('/') is [var address, var length] && IsIPv4(address) && int.TryParse(length, out var bits) && bits is >= 0 and <= 32
        && IPNetwork.TryParse(value, out _);

    internal static bool IsHostName(string value) => value.Length <= 253 && HostName().IsMatch(value);

    [GeneratedRegex(@"^(?=.*[a-zA-Z])[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^/[a-zA-Z0-9._/-]+$")]
    internal static partial Regex SafePath();
}
