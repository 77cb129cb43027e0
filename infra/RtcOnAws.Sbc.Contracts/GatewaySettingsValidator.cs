using System.Text.RegularExpressions;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>The checks behind <see cref="GatewayConfig.Validate"/>: every value that reaches the gateway's kamailio.cfg is a number in range, an IPv4 address, a host name or a safe path.</summary>
internal static partial class GatewaySettingsValidator
{
    public static List<string> Problems(GatewaySettings settings, Func<string, bool> isDeployTimeValue)
    {
        var problems = new List<string>();
        void Range(int value, int min, int max, string name)
        {
            if (value < min || value > max)
            {
                problems.Add($"{name} {value} is out of range; expected {min} to {max}");
            }
        }
        bool IsHost(string value) => isDeployTimeValue(value) || KamailioSettingsValidator.IsIPv4(value) || KamailioSettingsValidator.IsHostName(value);

        if (settings.ListenAddress is null || (!isDeployTimeValue(settings.ListenAddress) && !KamailioSettingsValidator.IsIPv4(settings.ListenAddress)))
        {
            problems.Add($"{nameof(settings.ListenAddress)} '{settings.ListenAddress}' is not an IPv4 address");
        }
        Range(settings.HttpPort, 1, 65535, nameof(settings.HttpPort));
        Range(settings.SipPort, 1, 65535, nameof(settings.SipPort));
        if (settings.HttpPort == settings.SipPort)
        {
            problems.Add($"{nameof(settings.HttpPort)} {settings.HttpPort} equals {nameof(settings.SipPort)}; HTTP (TCP) and SIP (UDP) toward the SBCs need ports of their own");
        }
        if (settings.Domain is null || !IsHost(settings.Domain))
        {
            problems.Add($"{nameof(settings.Domain)} '{settings.Domain}' is neither a host name nor an IPv4 address");
        }
        if (settings.Sbcs is null || settings.Sbcs.Count == 0)
        {
            problems.Add($"{nameof(settings.Sbcs)} is empty; expected the floating address of at least one SBC pair");
        }
        else
        {
            for (var i = 0; i < settings.Sbcs.Count; i++)
            {
                var sbc = settings.Sbcs[i];
                if (!isDeployTimeValue(sbc.Host) && !KamailioSettingsValidator.IsIPv4(sbc.Host))
                {
                    // The gateway recognises the SBCs' requests by source address, so each must be an address, not a name.
                    problems.Add($"{nameof(settings.Sbcs)}[{i}].Host '{sbc.Host}' is not an IPv4 address");
                }
                Range(sbc.Port, 1, 65535, $"{nameof(settings.Sbcs)}[{i}].Port");
                if (sbc.Transport != SipTransport.Udp)
                {
                    problems.Add($"{nameof(settings.Sbcs)}[{i}].Transport {sbc.Transport} is not supported; the gateway reaches the SBCs over UDP");
                }
            }
        }
        if (settings.HealthPath is null || !HealthPathPattern().IsMatch(settings.HealthPath))
        {
            problems.Add($"{nameof(settings.HealthPath)} '{settings.HealthPath}' is not a path such as /health ('/' and letters, digits, '.', '_', '-', '/')");
        }
        Range(settings.MaxRegistrationSeconds, 60, 86_400, nameof(settings.MaxRegistrationSeconds));
        // The SBCs know a gateway from its probes and forget it GatewayRouting.LivenessSeconds after the last one: two per window.
        Range(settings.ProbeIntervalSeconds, 1, GatewayRouting.LivenessSeconds / 2, nameof(settings.ProbeIntervalSeconds));
        Range(settings.MaxMessageBytes, 1024, 65535, nameof(settings.MaxMessageBytes));
        Range(settings.Workers, 1, 64, nameof(settings.Workers));
        // At 3 (debug) auth_ephemeral logs the credential secret and every password it computes.
        Range(settings.LogLevel, -3, 2, nameof(settings.LogLevel));
        if (settings.DispatcherFile is null || (!isDeployTimeValue(settings.DispatcherFile) && !KamailioSettingsValidator.SafePath().IsMatch(settings.DispatcherFile)))
        {
            problems.Add($"{nameof(settings.DispatcherFile)} '{settings.DispatcherFile}' is not an absolute path of letters, digits, '.', '_', '-' and '/'");
        }
        if (settings.CredentialSecretFile is null || (!isDeployTimeValue(settings.CredentialSecretFile) && !KamailioSettingsValidator.SafePath().IsMatch(settings.CredentialSecretFile)))
        {
            problems.Add($"{nameof(settings.CredentialSecretFile)} '{settings.CredentialSecretFile}' is not an absolute path of letters, digits, '.', '_', '-' and '/'");
        }
        if (settings.ControlSocket is null || !settings.ControlSocket.StartsWith("unix:", StringComparison.Ordinal)
            || !KamailioSettingsValidator.SafePath().IsMatch(settings.ControlSocket["unix:".Length..]))
        {
            problems.Add($"{nameof(settings.ControlSocket)} '{settings.ControlSocket}' is not 'unix:' and an absolute path of letters, digits, '.', '_', '-' and '/'");
        }
        return problems;
    }

    [GeneratedRegex(@"^/[a-zA-Z0-9._/-]*$")]
    private static partial Regex HealthPathPattern();
}
