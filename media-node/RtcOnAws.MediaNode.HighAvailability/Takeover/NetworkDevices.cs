using System.Net.NetworkInformation;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Finds this host's network device by MAC address: on EC2 the device names (eth0, ens5, ...) depend on the AMI, but
/// the MAC of each device is the MAC IMDS and EC2 report for its network interface.
/// </summary>
public static class NetworkDevices
{
    /// <summary>
    /// The name of the device whose MAC is <paramref name="macAddress"/> (colon or hyphen separated, any case), in the
    /// calling thread's network namespace; <c>null</c> when there is none.
    /// </summary>
    public static string? NameOf(string macAddress)
    {
        ArgumentException.ThrowIfNullOrEmpty(macAddress);
        var wanted = Normalize(macAddress);
        return NetworkInterface.GetAllNetworkInterfaces()
            .FirstOrDefault(device => Convert.ToHexString(device.GetPhysicalAddress().GetAddressBytes()) == wanted)
            ?.Name;
    }

    private static string Normalize(string macAddress) =>
        macAddress.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
