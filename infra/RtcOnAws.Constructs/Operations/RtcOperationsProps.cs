using Amazon.CDK.AWS.SNS;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.State;

namespace RtcOnAws.Constructs.Operations;

/// <summary>Props of <see cref="RtcOperations"/>.</summary>
public sealed class RtcOperationsProps
{
    /// <summary>The region's SBC pairs: node heartbeats and status checks, failovers, ng errors and packet loss. At least one. Required.</summary>
    public required IReadOnlyList<ISbcPair> Pairs { get; init; }

    /// <summary>The region's failover automation: function errors and throttles, dead-letter queue depth.</summary>
    /// <remarks>Default: none.</remarks>
    public FailoverAutomation? Failover { get; init; }

    /// <summary>The region's session store: engine CPU, memory and replication lag of every node.</summary>
    /// <remarks>Default: none.</remarks>
    public SessionStore? SessionStore { get; init; }

    /// <summary>The region's SIP load balancer: unhealthy targets (the accelerator follows the same target health).</summary>
    /// <remarks>Default: none.</remarks>
    public SipLoadBalancer? SipLoadBalancer { get; init; }

    /// <summary>The topic alarms notify.</summary>
    /// <remarks>Default: a new topic (TLS-only publishing).</remarks>
    public ITopic? Topic { get; init; }

    /// <summary>An e-mail address subscribed to the topic (AWS asks it to confirm first).</summary>
    /// <remarks>Default: none, nobody is subscribed.</remarks>
    public string? AlarmEmail { get; init; }
}
