using Amazon.EC2;

namespace RtcOnAws.MediaNode;

/// <summary>What <c>--ha-takeover aws</c> starts with: the EC2 client and the values discovered for flags that were not given.</summary>
/// <param name="Ec2">EC2 in this instance's region.</param>
/// <param name="Discovered">Option name (e.g. <c>--ha-peer</c>) to discovered value; a flag on the command line wins over it.</param>
/// <param name="Time">Clock for the remap polling.</param>
public sealed record AwsTakeoverContext(IAmazonEC2 Ec2, IReadOnlyDictionary<string, string> Discovered, TimeProvider Time);
