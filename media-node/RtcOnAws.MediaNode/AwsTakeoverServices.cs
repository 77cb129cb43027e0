using Amazon.EC2;
using RtcOnAws.Aws.Imds;
using RtcOnAws.Failover.Ec2;
using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode;

/// <summary>What <c>--ha-takeover aws</c> talks to: IMDSv2, EC2 and this host's network devices. Tests substitute the simulator.</summary>
/// <param name="Metadata">IMDSv2 of this instance.</param>
/// <param name="Ec2">EC2 in this instance's region.</param>
/// <param name="DeviceOfMac">The name of this host's network device with a MAC address, or <c>null</c>.</param>
/// <param name="Time">Clock for waits and the remap polling.</param>
public sealed record AwsTakeoverServices(IInstanceMetadataClient Metadata, IAmazonEC2 Ec2, Func<string, string?> DeviceOfMac, TimeProvider Time)
{
    /// <summary>
    /// The instance's own services: region from <c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c>, else IMDS; credentials
    /// from the instance role (or the standard <c>AWS_*</c> variables); endpoints overridable as for every client.
    /// </summary>
    public static async Task<AwsTakeoverServices> FromInstanceAsync(CancellationToken cancellationToken)
    {
        var metadata = new InstanceMetadataClient();
        var region = await InstanceRegion.ResolveAsync(metadata, cancellationToken).ConfigureAwait(false);
        return new AwsTakeoverServices(metadata, Ec2Clients.Create(region), NetworkDevices.NameOf, TimeProvider.System);
    }
}
