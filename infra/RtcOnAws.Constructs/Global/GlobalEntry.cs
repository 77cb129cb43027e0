using Amazon.CDK;
using Amazon.CDK.AWS.GlobalAccelerator;
using Amazon.CDK.AWS.GlobalAccelerator.Endpoints;
using Constructs;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Global;

/// <summary>
/// The global entry point (whitepaper fig. 7): a Global Accelerator with a UDP and a TCP listener for SIP, client
/// affinity by source IP (a dialog stays on one region), and one endpoint group per region and listener with TCP
/// health checks on the SIP port.
/// </summary>
public sealed class GlobalEntry : Construct
{
    private readonly List<EndpointGroup> _endpointGroups = [];

    /// <summary>Creates the accelerator, listeners and endpoint groups.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public GlobalEntry(Construct scope, string id, GlobalEntryProps props)
        : base(scope, Validate(id, props))
    {
        Accelerator = new Accelerator(this, "Accelerator", new AcceleratorProps { AcceleratorName = props.AcceleratorName });
        UdpListener = Accelerator.AddListener("UdpListener", new ListenerOptions
        {
            Protocol = ConnectionProtocol.UDP,
            PortRanges = [new Amazon.CDK.AWS.GlobalAccelerator.PortRange { FromPort = RtcNetwork.SipPort }],
            ClientAffinity = ClientAffinity.SOURCE_IP,
        });
        TcpListener = Accelerator.AddListener("TcpListener", new ListenerOptions
        {
            Protocol = ConnectionProtocol.TCP,
            PortRanges = [new Amazon.CDK.AWS.GlobalAccelerator.PortRange { FromPort = RtcNetwork.SipPort, ToPort = (props.IncludeTls ?? true) ? RtcNetwork.SipTlsPort : RtcNetwork.SipPort }],
            ClientAffinity = ClientAffinity.SOURCE_IP,
        });

        foreach (var region in props.Regions)
        {
            var label = Token.IsUnresolved(region.Region) ? $"Region{_endpointGroups.Count / 2 + 1}" : region.Region;
            foreach (var (listener, name) in new[] { (UdpListener, "Udp"), (TcpListener, "Tcp") })
            {
                _endpointGroups.Add(listener.AddEndpointGroup($"{name}{label}", new EndpointGroupOptions
                {
                    Region = region.Region,
                    Endpoints = Endpoints(region),
                    // Kamailio's health answer on SIP TCP (SipHealthAnswer): a standby or fenced node reads unhealthy.
                    // NLB endpoints are judged by the load balancer's own target health, which probes the same answer.
                    HealthCheckProtocol = HealthCheckProtocol.HTTP,
                    HealthCheckPath = SipHealthAnswer.Path,
                    HealthCheckPort = props.HealthCheckPort ?? RtcNetwork.SipPort,
                    HealthCheckInterval = props.HealthCheckInterval ?? Duration.Seconds(10),
                    HealthCheckThreshold = props.HealthCheckThreshold ?? 3,
                    TrafficDialPercentage = region.TrafficDialPercentage ?? 100,
                }));
            }
        }
    }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>SIP over UDP on 5060.</summary>
    public Listener UdpListener { get; }

    /// <summary>SIP over TCP on 5060 (and TLS on 5061 unless <see cref="GlobalEntryProps.IncludeTls"/> is false).</summary>
    public Listener TcpListener { get; }

    /// <summary>Every endpoint group: per region, the UDP one then the TCP one.</summary>
    public IReadOnlyList<EndpointGroup> EndpointGroups => _endpointGroups;

    private static IEndpoint[] Endpoints(GlobalEntryRegion region) => region.LoadBalancer is { } nlb
        ? [new NetworkLoadBalancerEndpoint(nlb)]
        : region.Pairs!.Select(pair => (IEndpoint)new RawEndpoint(new RawEndpointProps { EndpointId = pair.ElasticIpAllocationId })).ToArray();

    private static string Validate(string id, GlobalEntryProps props)
    {
        var v = new PropsValidator(nameof(GlobalEntry), id);
        if (props.Regions is null || props.Regions.Count == 0)
        {
            v.Fail(nameof(props.Regions), "is empty", "at least one GlobalEntryRegion");
        }
        foreach (var (region, index) in (props.Regions ?? []).Select((r, i) => (r, i)))
        {
            var prop = $"Regions[{index}]";
            var endpointKinds = (region.LoadBalancer is null ? 0 : 1) + (region.Pairs is { Count: > 0 } ? 1 : 0);
            if (endpointKinds != 1)
            {
                v.Fail(prop, endpointKinds == 0 ? "has no endpoint" : "has both a load balancer and pairs", "exactly one of LoadBalancer or Pairs (non-empty)");
            }
            v.CheckRange(region.TrafficDialPercentage, 0, 100, $"{prop}.TrafficDialPercentage");
        }
        var names = (props.Regions ?? []).Select(r => r.Region).Where(r => !Token.IsUnresolved(r)).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            v.Fail(nameof(props.Regions), "lists a region twice", "each region once (one endpoint group per region and listener)");
        }
        if (props.AcceleratorName is { } name)
        {
            v.Check(name, name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), nameof(props.AcceleratorName),
                $"'{name}' is not an accelerator name", "1-64 characters of letters, digits and '-'");
        }
        HealthCheckRules.CheckInterval(v, props.HealthCheckInterval, nameof(props.HealthCheckInterval));
        HealthCheckRules.CheckThreshold(v, props.HealthCheckThreshold, nameof(props.HealthCheckThreshold));
        v.CheckRange(props.HealthCheckPort, 1, 65535, nameof(props.HealthCheckPort));
        v.ThrowIfAny();
        return id;
    }
}
