using System.Xml.Linq;
using RtcOnAws.Aws.Route53.Model;
using RtcOnAws.Aws.Runtime;

namespace RtcOnAws.Aws.Route53;

/// <summary>Reads Route 53 response XML into model objects.</summary>
internal static class Route53XmlReader
{
    public static ResourceRecordSet ResourceRecordSet(XElement element) => new()
    {
        Name = element.Text("Name"),
        Type = element.Text("Type"),
        SetIdentifier = element.Text("SetIdentifier"),
        Weight = element.Long("Weight"),
        Region = element.Text("Region"),
        Failover = element.Text("Failover"),
        MultiValueAnswer = element.Bool("MultiValueAnswer"),
        TTL = element.Long("TTL"),
        ResourceRecords = element.Child("ResourceRecords").Children("ResourceRecord")
            .Select(r => new ResourceRecord { Value = r.Text("Value") }).ToList(),
        AliasTarget = element.Child("AliasTarget") is { } alias
            ? new AliasTarget
            {
                HostedZoneId = alias.Text("HostedZoneId"),
                DNSName = alias.Text("DNSName"),
                EvaluateTargetHealth = alias.Bool("EvaluateTargetHealth") ?? false,
            }
            : null,
        HealthCheckId = element.Text("HealthCheckId"),
    };
}
