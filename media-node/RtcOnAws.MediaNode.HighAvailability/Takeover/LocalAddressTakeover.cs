using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Moves the floating address on a shared L2 segment (on-premises pairs, the drill): <c>ip addr replace ADDR/32 dev DEV</c>
/// then a gratuitous ARP (<c>arping -U</c>) so neighbours re-point their ARP caches at us at once. Demotion removes it.
/// </summary>
public sealed class LocalAddressTakeover : IAddressTakeover
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);
    private readonly IPAddress _address;
    private readonly string _device;
    private readonly ILogger _logger;

    /// <summary>Creates the takeover of <paramref name="address"/> on <paramref name="device"/>.</summary>
    public LocalAddressTakeover(IPAddress address, string device, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(device);
        if (device.Length > 15 || device.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            throw new ArgumentException($"--ha-vip-device '{device}' is not an interface name (at most 15 characters, no spaces or '/')", nameof(device));
        }

        _address = address;
        _device = device;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Description => $"local {_address} on {_device}";

    private string Prefix => string.Create(CultureInfo.InvariantCulture, $"{_address}/{(_address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}");

    /// <inheritdoc />
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        var add = await CommandRunner.RunAsync("ip", ["addr", "replace", Prefix, "dev", _device], CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (add.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip addr replace {Prefix} dev {_device} failed ({add.ExitCode}): {add.StandardError}");
        }

        if (_address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            CommandRunner.Launch("arping", ["-U", "-c", "1", "-I", _device, _address.ToString()], CommandTimeout);
        }

        _logger.LogInformation("Took over {Address} on {Device}", _address, _device);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var del = await CommandRunner.RunAsync("ip", ["addr", "del", Prefix, "dev", _device], CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (del.ExitCode != 0 && !del.StandardError.Contains("Cannot assign requested address", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"ip addr del {Prefix} dev {_device} failed ({del.ExitCode}): {del.StandardError}");
        }

        _logger.LogInformation("Released {Address} on {Device}", _address, _device);
    }
}
