using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.Constructs.Edge;

/// <summary>Props of <see cref="WebRtcGateway"/>.</summary>
public sealed class WebRtcGatewayProps
{
    /// <summary>The network: the load balancer and the gateway instances go in its public subnets. Required.</summary>
    public required IRtcNetwork Network { get; init; }

    /// <summary>Certificate of the HTTPS listener (WebSocket signalling over TLS). Required.</summary>
    public required IListenerCertificate Certificate { get; init; }

    /// <summary>
    /// The SBC pairs the gateways send calls to (round robin over their floating addresses, probed with OPTIONS). Their
    /// media-nodes bridge the browsers' ICE/DTLS-SRTP to plain RTP: give each pair the gateways' subnets as
    /// <see cref="SbcPairProps.WebRtcGatewayCidrs"/>. At least one.
    /// </summary>
    public required IReadOnlyList<SbcPair> Pairs { get; init; }

    /// <summary>
    /// The SIP domain browsers register in and call into, the same the SBC pairs serve (<see cref="SbcPairProps.SipDomain"/>):
    /// the gateway refuses any other Request-URI (no open relay).
    /// </summary>
    public required string SipDomain { get; init; }

    /// <summary>Topic the group notifies of every launch, termination and failure to launch or terminate (for example <see cref="Operations.RtcOperations.Topic"/>).</summary>
    /// <remarks>Default: none; then the group sends no notifications.</remarks>
    public Amazon.CDK.AWS.SNS.ITopic? NotificationTopic { get; init; }

    /// <summary>Instance type of the gateways.</summary>
    /// <remarks>Default: <c>c5.large</c>.</remarks>
    public InstanceType? InstanceType { get; init; }

    /// <summary>Machine image of the gateways: a Debian-family x86_64 Linux whose <c>apt-get</c> installs Kamailio.</summary>
    /// <remarks>Default: the latest Debian 12 for x86_64 (public SSM parameter <see cref="SbcNodePackages.DefaultImageParameter"/>, resolved at deploy time).</remarks>
    public IMachineImage? MachineImage { get; init; }

    /// <summary>Commands run at instance start after the packages are installed and before the gateway's Kamailio starts.</summary>
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

    /// <summary>HTTP port the gateway's Kamailio serves WebSocket and the health path on behind the load balancer, 1-65535 except 5060 (its SIP port toward the SBCs).</summary>
    /// <remarks>Default: <see cref="RtcOnAws.Sbc.Contracts.GatewayPorts.Http"/> (8080).</remarks>
    public double? GatewayPort { get; init; }

    /// <summary>Path the load balancer's health check requests, answered 200 by the gateway's Kamailio itself; <c>/</c> and letters, digits, '.', '_', '-', '/'.</summary>
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

    /// <summary>CIDRs allowed to reach HTTPS 443.</summary>
    /// <remarks>Default: <c>0.0.0.0/0</c>.</remarks>
    public IReadOnlyList<string>? ClientCidrs { get; init; }
}
