using System.Net;
using RtcOnAws.MediaNode.Drill;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// The aws takeover finds the device for the floating address by the ENI's MAC (device names depend on the AMI) and
/// puts the address on it: checked in a network namespace of its own with a (veth) device that carries a given MAC.
/// </summary>
public sealed class NetworkDevicesTests : IAsyncLifetime
{
    private const string Device = "sbc0";
    private const string Mac = "0a:1b:2c:3d:4e:5f";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly string _namespace = $"rtconaws-mac-{Guid.NewGuid():N}"[..24];

    public async Task InitializeAsync()
    {
        await IpAsync("netns", "add", _namespace);
        try
        {
            await IpAsync("-n", _namespace, "link", "add", Device, "type", "veth", "peer", "name", "sbc1");
            await IpAsync("-n", _namespace, "link", "set", Device, "address", Mac);
            await IpAsync("-n", _namespace, "link", "set", Device, "up");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync() => await IpAsync("netns", "del", _namespace);

    [Fact]
    public void The_device_is_found_by_its_mac_in_any_notation_and_an_unknown_mac_finds_none()
    {
        Assert.Equal(Device, NetworkNamespace.Run(_namespace, () => NetworkDevices.NameOf(Mac)));
        Assert.Equal(Device, NetworkNamespace.Run(_namespace, () => NetworkDevices.NameOf("0A-1B-2C-3D-4E-5F")));
        Assert.Null(NetworkNamespace.Run(_namespace, () => NetworkDevices.NameOf("0a:1b:2c:3d:4e:60")));
    }

    [Fact]
    public async Task The_floating_address_goes_on_the_device_with_the_mac_and_demotion_removes_it()
    {
        var device = NetworkNamespace.Run(_namespace, () => NetworkDevices.NameOf(Mac))!;
        var log = new TestLogger();
        var local = new LocalAddressTakeover(IPAddress.Parse("10.0.1.50"), device, log);

        NetworkNamespace.Run(_namespace, () => Complete(local.PrepareAsync(CancellationToken.None)));
        NetworkNamespace.Run(_namespace, () => Complete(local.AcquireAsync(CancellationToken.None)));
        Assert.Contains("inet 10.0.1.50/32", await AddressesAsync(), StringComparison.Ordinal);

        NetworkNamespace.Run(_namespace, () => Complete(local.ReleaseAsync(CancellationToken.None)));
        Assert.DoesNotContain("10.0.1.50", await AddressesAsync(), StringComparison.Ordinal);

        // rtnetlink in process, in the namespace of the calling thread: no fallback to the ip command was needed.
        Assert.DoesNotContain(log.Messages(Microsoft.Extensions.Logging.LogLevel.Warning), m => m.Contains("netlink failed", StringComparison.Ordinal));
    }

    private static bool Complete(Task task)
    {
        task.GetAwaiter().GetResult();
        return true;
    }

    private async Task<string> AddressesAsync()
    {
        var result = await CommandRunner.RunWithOutputAsync("ip", ["-n", _namespace, "-o", "addr", "show", "dev", Device], CommandTimeout, CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        return result.StandardOutput;
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunAsync("ip", arguments, CommandTimeout, CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
    }
}
