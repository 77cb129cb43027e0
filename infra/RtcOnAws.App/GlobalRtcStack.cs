using Amazon.CDK;
using Constructs;
using RtcOnAws.Constructs.Dns;
using RtcOnAws.Constructs.Global;
using RtcOnAws.Constructs.Protection;

namespace RtcOnAws.App;

/// <summary>
/// What spans regions: the Global Accelerator in front of every region's SIP load balancer, and the SIP records
/// (SRV, one A record per AZ, latency-based records per region with health checks).
/// </summary>
internal sealed class GlobalRtcStack : Stack
{
    public GlobalRtcStack(Construct scope, string id, GlobalRtcStackProps props)
        : base(scope, id, props)
    {
        GlobalEntry = new GlobalEntry(this, "GlobalEntry", new GlobalEntryProps
        {
            Regions = props.Regions.Select(region => new GlobalEntryRegion
            {
                Region = region.Region,
                LoadBalancer = region.SipLoadBalancer.LoadBalancer,
            }).ToArray(),
        });

        SipDns = new SipDns(this, "SipDns", new SipDnsProps
        {
            HostedZone = props.HostedZone,
            Domain = props.Domain,
            AzTargets = props.Regions.SelectMany(region => region.Pairs.Select((pair, az) => new SipAzTarget
            {
                Label = $"{RegionLabel(region)}az{az + 1}",
                Addresses = [pair.ElasticIp.Ref],
            })).ToArray(),
            RegionTargets = props.Regions.Select(region => new SipRegionTarget
            {
                Region = region.Region,
                Addresses = region.Pairs.Select(pair => pair.ElasticIp.Ref).ToArray(),
            }).ToArray(),
        });

        if (props.ShieldAdvanced)
        {
            _ = new ShieldAdvancedProtection(this, "ShieldAdvanced", new ShieldAdvancedProtectionProps
            {
                ResourceArns = [GlobalEntry.Accelerator.AcceleratorArn],
            });
        }

        _ = new CfnOutput(this, "AcceleratorDnsName", new CfnOutputProps { Value = GlobalEntry.Accelerator.DnsName });
    }

    public GlobalEntry GlobalEntry { get; }

    public SipDns SipDns { get; }

    /// <summary>A DNS label prefix per region ("us-east-1-"), empty for an environment-agnostic region.</summary>
    private static string RegionLabel(Stack region) => Token.IsUnresolved(region.Region) ? "" : $"{region.Region}-";
}
