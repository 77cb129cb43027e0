namespace RtcOnAws.Sbc.Contracts;

/// <summary>What a WebRTC gateway instance serves, shared by the CDK (target group, health check, security groups) and the rendered config.</summary>
public static class GatewayPorts
{
    /// <summary>HTTP behind the load balancer (which terminates TLS): the WebSocket handshake of SIP over WebSocket and the health path.</summary>
    public const int Http = 8080;

    /// <summary>The path the load balancer's health check requests; Kamailio's <c>xhttp</c> answers it.</summary>
    public const string HealthPath = "/health";
}
