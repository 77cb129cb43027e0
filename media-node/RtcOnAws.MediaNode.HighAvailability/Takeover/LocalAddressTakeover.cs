using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Moves the floating address on a shared L2 segment (on-premises pairs, the drill): the equivalent of <c>ip addr replace ADDR/32 dev DEV</c> (rtnetlink in process, <c>ip</c> as the fallback)
/// then a gratuitous ARP (sent in process, <c>arping -U</c> as the fallback) so neighbours re-point their ARP caches at us at once. Demotion removes it.
/// </summary>
public sealed class LocalAddressTakeover : IAddressTakeover
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);
    private readonly IPAddress _address;
    private readonly string _device;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the takeover of <paramref name="address"/> on <paramref name="device"/>; <paramref name="time"/> (default: the system clock) times its commands.</summary>
    public LocalAddressTakeover(IPAddress address, string device, ILogger logger, TimeProvider? time = null)
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
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Description => $"local {_address} on {_device}";

    private int PrefixLength => _address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;

    private string Prefix => string.Create(CultureInfo.InvariantCulture, $"{_address}/{PrefixLength}");

    /// <inheritdoc />
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await ReleaseAsync(cancellationToken).ConfigureAwait(false);
        if (_address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            try
            {
                GratuitousArp.Prepare(_device, _address);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Gratuitous ARP on {Device} will fall back to arping: {Error}", _device, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            NetlinkAddress.Replace(_device, _address, PrefixLength);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Adding {Address} through netlink failed ({Error}); using ip", _address, e.Message);
            var add = await CommandRunner.RunAsync("ip", ["addr", "replace", Prefix, "dev", _device], CommandTimeout, cancellationToken, _time).ConfigureAwait(false);
            if (add.ExitCode != 0)
            {
                throw new InvalidOperationException($"ip addr replace {Prefix} dev {_device} failed ({add.ExitCode}): {add.StandardError}");
            }
        }

        var added = _time.GetElapsedTime(started).TotalMilliseconds;
        if (_address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            try
            {
                GratuitousArp.Send(_device, _address);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("In-process gratuitous ARP failed ({Error}); using arping", e.Message);
                CommandRunner.Launch("arping", ["-U", "-c", "1", "-I", _device, _address.ToString()], CommandTimeout, _time);
            }
        }

        _logger.LogInformation("Took over {Address} on {Device} in {Milliseconds:0.0} ms (address added after {AddedMilliseconds:0.0} ms)", _address, _device, _time.GetElapsedTime(started).TotalMilliseconds, added);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            NetlinkAddress.Delete(_device, _address, PrefixLength);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Removing {Address} through netlink failed ({Error}); using ip", _address, e.Message);
            var del = await CommandRunner.RunAsync("ip", ["addr", "del", Prefix, "dev", _device], CommandTimeout, cancellationToken, _time).ConfigureAwait(false);
            // iproute2 reports a missing address as EADDRNOTAVAIL or, with the kernel's extended ack, "Address not found".
            if (del.ExitCode != 0 && !del.StandardError.Contains("Cannot assign requested address", StringComparison.Ordinal)
                && !del.StandardError.Contains("Address not found", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"ip addr del {Prefix} dev {_device} failed ({del.ExitCode}): {del.StandardError}");
            }
        }

        _logger.LogInformation("Released {Address} on {Device}", _address, _device);
    }
}
