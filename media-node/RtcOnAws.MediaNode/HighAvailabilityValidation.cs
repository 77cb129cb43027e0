using System.CommandLine.Parsing;
using System.Net;

namespace RtcOnAws.MediaNode;

/// <summary>
/// Reports bad HA flags as parse errors (so they show like any other usage error) by running the settings composition
/// on the resolved flags. What <c>--ha-takeover aws</c> discovers only at start is stood in for, so every other check runs now.
/// </summary>
public sealed class HighAvailabilityValidation(HighAvailabilityOptions options)
{
    private readonly HighAvailabilityComposition _composition = new(options);

    /// <summary>The root command's validator.</summary>
    public void Validate(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var arguments = options.Resolve(result);
        try
        {
            _ = _composition.ToSettings(arguments.With(StandIns(arguments)), IPAddress.Loopback, 1024, 65535, start: null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            result.AddError(e.Message);
        }
    }

    private IReadOnlyDictionary<string, string> StandIns(HighAvailabilityArguments arguments)
    {
        if (arguments.Text(options.Takeover) != "aws")
        {
            return new Dictionary<string, string>();
        }

        if (arguments.Text(options.AwsPairTag) is null)
        {
            return new Dictionary<string, string> { [options.VipDevice.Name] = "discovered" };
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [options.AwsAllocationId.Name] = "eipalloc-discovered",
            [options.AwsInstanceId.Name] = "i-discovered-self",
            [options.AwsZone.Name] = "discovered-zone",
            [options.AwsSubnet.Name] = "subnet-discovered",
            [options.AwsInterface.Name] = "eni-discovered",
            [options.AwsPeerInstanceId.Name] = "i-discovered-peer",
            [options.AwsPeerZone.Name] = "discovered-zone",
            [options.AwsPeerSubnet.Name] = "subnet-discovered",
            [options.VipDevice.Name] = "discovered",
            [options.HeartbeatListen.Name] = $"192.0.2.1:{HighAvailabilityDefaults.DiscoveredHeartbeatPort}",
            [options.Peer.Name] = $"192.0.2.2:{HighAvailabilityDefaults.DiscoveredHeartbeatPort}",
        };
    }
}
