using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Network;

namespace RtcOnAws.Constructs.Edge;

/// <summary>Props of <see cref="WebRtcGateway"/>.</summary>
public sealed class WebRtcGatewayProps
{
    /// <summary>The network: the load balancer and the gateway instances go in its public subnets. Required.</summary>
    public required IRtcNetwork Network { get; init; }

    /// <summary>Certificate of the HTTPS listener (WebSocket signalling over TLS). Required.</summary>
    public required IListenerCertificate Certificate { get; init; }

    /// <summary>Where the lifecycle DNS function lives: the group's launching and terminating lifecycle actions are routed to it.</summary>
    /// <remarks>Default: none; the group then gets no lifecycle hooks (nothing would complete them).</remarks>
    public FailoverAutomation? LifecycleDns { get; init; }

    /// <summary>Instance type of the gateways.</summary>
    /// <remarks>Default: <c>c5.large</c>.</remarks>
    public InstanceType? InstanceType { get; init; }

    /// <summary>Machine image of the gateways (x86_64 Linux).</summary>
    /// <remarks>Default: the latest Amazon Linux 2023 for x86_64 (public SSM parameter, resolved at deploy time).</remarks>
    public IMachineImage? MachineImage { get; init; }

    /// <summary>Commands run at instance start, for example installing the gateway software.</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string>? UserDataCommands { get; init; }

    /// <summary>Fewest instances, at least 1 (2 or more keeps one per AZ).</summary>
    /// <remarks>Default: 2.</remarks>
    public double? MinCapacity { get; init; }

    /// <summary>Most instances, not below <see cref="MinCapacity"/>.</summary>
    /// <remarks>Default: 6.</remarks>
    public double? MaxCapacity { get; init; }

    /// <summary>Average CPU utilisation the group scales to hold, 10-90 percent.</summary>
    /// <remarks>Default: 60.</remarks>
    public double? TargetCpuUtilization { get; init; }

    /// <summary>HTTP port the gateway listens on behind the load balancer, 1-65535.</summary>
    /// <remarks>Default: 8080.</remarks>
    public double? GatewayPort { get; init; }

    /// <summary>Health-check path of the gateway; starts with <c>/</c>.</summary>
    /// <remarks>Default: <c>/health</c>.</remarks>
    public string? HealthCheckPath { get; init; }

    /// <summary>
    /// Load balancer idle timeout, 60-4000 seconds. A WebSocket that carries no frame for this long is closed, and
    /// signalling is silent for most of a call, so the default is long; clients should still ping every 30-60 s.
    /// </summary>
    /// <remarks>Default: 3600 seconds (one hour).</remarks>
    public Duration? IdleTimeout { get; init; }

    /// <summary>Lifetime of the load balancer's stickiness cookie, 1 second to 7 days.</summary>
    /// <remarks>Default: 1 day.</remarks>
    public Duration? StickinessDuration { get; init; }

    /// <summary>How long a lifecycle hook holds a launching or terminating instance for the DNS function, 30-7200 seconds.</summary>
    /// <remarks>Default: 5 minutes.</remarks>
    public Duration? LifecycleHookTimeout { get; init; }

    /// <summary>CIDRs allowed to reach HTTPS 443.</summary>
    /// <remarks>Default: <c>0.0.0.0/0</c>.</remarks>
    public IReadOnlyList<string>? ClientCidrs { get; init; }
}
