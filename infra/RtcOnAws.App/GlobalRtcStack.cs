using Amazon.CDK;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Constructs;
using RtcOnAws.Constructs.Dns;
using RtcOnAws.Constructs.Global;
using RtcOnAws.Constructs.Protection;

namespace RtcOnAws.App;

/// <summary>
/// What spans regions: the SIP records (SRV, one A record per AZ, and the bare domain: latency records per region or
/// an alias of the Global Accelerator), and optionally the accelerator in front of every region's SIP load balancer.
/// </summary>
internal sealed class GlobalRtcStack : Stack
{
    public GlobalRtcStack(Construct scope, string id, GlobalRtcStackProps props)
        : base(scope, id, props)
    {
        if (props.CrossRegionReferences == true)
        {
            CrossRegionReferenceFindings.Acknowledge(this);
        }
        if (props.GlobalAccelerator)
        {
            GlobalEntry = new GlobalEntry(this, "GlobalEntry", new GlobalEntryProps
            {
                Regions = props.Regions.Select(region => new GlobalEntryRegion
                {
                    Region = region.Region,
                    LoadBalancer = region.SipLoadBalancer!.LoadBalancer,
                }).ToArray(),
                IncludeTls = props.Tls,
            });
            // Clients that resolve the bare domain reach the accelerator's anycast addresses.
            _ = new ARecord(this, "AcceleratorRecord", new ARecordProps
            {
                Zone = props.HostedZone,
                RecordName = props.Domain,
                Target = RecordTarget.FromAlias(new GlobalAcceleratorTarget(GlobalEntry.Accelerator)),
            });
        }

        var azTargets = props.Regions.SelectMany(region => region.Pairs.Select((pair, az) => new SipAzTarget
        {
            Label = $"{RegionLabel(region)}az{az + 1}",
            Addresses = [pair.ElasticIp.Ref],
        })).ToArray();
        SipDns = new SipDns(this, "SipDns", new SipDnsProps
        {
            HostedZone = props.HostedZone,
            Domain = props.Domain,
            AzTargets = azTargets,
            // With the accelerator the bare domain is its alias; without, a latency record per region.
            RegionTargets = props.GlobalAccelerator ? [] : props.Regions.Select(region => new SipRegionTarget
            {
                Region = region.Region,
                Addresses = region.Pairs.Select(pair => pair.ElasticIp.Ref).ToArray(),
            }).ToArray(),
            // TLS terminates at the NLBs behind the accelerator, which the bare domain aliases; the Elastic IPs serve no TLS.
            TlsHostName = props.Tls ? props.Domain : null,
        });

        AzHealthChecks = azTargets.Zip(SipDns.AzHealthChecks).ToDictionary(t => $"{t.First.Label}.{SipDns.Domain}", t => t.Second);

        if (props.ShieldAdvanced && GlobalEntry is not null)
        {
            _ = new ShieldAdvancedProtection(this, "ShieldAdvanced", new ShieldAdvancedProtectionProps
            {
                ResourceArns = [.. new[] { GlobalEntry?.Accelerator.AcceleratorArn }.OfType<string>()],
            });
        }

        if (GlobalEntry is not null)
        {
            _ = new CfnOutput(this, "AcceleratorDnsName", new CfnOutputProps { Value = GlobalEntry.Accelerator.DnsName });
        }
    }

    /// <summary>The accelerator over the regions' SIP load balancers; null unless switched on.</summary>
    public GlobalEntry? GlobalEntry { get; }

    public SipDns SipDns { get; }

    /// <summary>Each AZ's Route 53 health check by the AZ's host name.</summary>
    public IReadOnlyDictionary<string, Amazon.CDK.AWS.Route53.CfnHealthCheck> AzHealthChecks { get; }

    /// <summary>A DNS label prefix per region ("us-east-1-"), empty for an environment-agnostic region.</summary>
    private static string RegionLabel(Stack region) => Token.IsUnresolved(region.Region) ? "" : $"{region.Region}-";
}
