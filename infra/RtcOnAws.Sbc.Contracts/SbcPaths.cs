namespace RtcOnAws.Sbc.Contracts;

/// <summary>Files, folders, systemd units and users on an SBC node, as the CDK user data writes them.</summary>
public static class SbcPaths
{
    /// <summary>Folder of every RtcOnAws config file on a node.</summary>
    public const string ConfigFolder = "/etc/rtconaws";

    /// <summary>media-node's config file (ini, section <c>[rtpengine]</c>), written from <see cref="MediaNodeLaunch.ConfigFileText"/>.</summary>
    public const string MediaNodeConfigFile = ConfigFolder + "/media-node.conf";

    /// <summary>The pair's shared heartbeat key: mode 0400, owned by <see cref="MediaNodeUser"/>.</summary>
    public const string HeartbeatKeyFile = ConfigFolder + "/heartbeat.key";

    /// <summary>Where the boot keeps the session store's AUTH token (owner-only) until it is in the media-node config file.</summary>
    public const string RedisAuthStagingFile = ConfigFolder + "/redis-auth.new";

    /// <summary>Folder media-node's self-contained publish is unpacked to.</summary>
    public const string MediaNodeInstallFolder = "/opt/rtconaws/media-node";

    /// <summary>media-node's executable.</summary>
    public const string MediaNodeExecutable = MediaNodeInstallFolder + "/RtcOnAws.MediaNode";

    /// <summary>media-node's systemd unit.</summary>
    public const string MediaNodeService = "rtconaws-media-node.service";

    /// <summary>Unprivileged system user media-node runs as.</summary>
    public const string MediaNodeUser = "rtconaws-media";

    /// <summary>Kamailio's config, rendered by <see cref="KamailioConfig.Render"/>.</summary>
    public const string KamailioConfigFile = ConfigFolder + "/kamailio.cfg";

    /// <summary>Kamailio dispatcher's destination list (only with upstreams), rendered with the config.</summary>
    public const string KamailioDispatcherFile = ConfigFolder + "/dispatcher.list";

    /// <summary>Kamailio's systemd unit (the distribution's own <c>kamailio.service</c> is disabled).</summary>
    public const string KamailioService = "rtconaws-kamailio.service";

    /// <summary>The distribution's Kamailio binary.</summary>
    public const string KamailioExecutable = "/usr/sbin/kamailio";

    /// <summary>
    /// A WebRTC gateway's credential secret as a Kamailio <c>modparam</c> line (<see cref="GatewayCredentials.SecretFileText"/>),
    /// written at boot from Secrets Manager and included by the gateway's config: the secret is in neither the config nor the user data.
    /// </summary>
    public const string GatewayCredentialSecretFile = ConfigFolder + "/gateway-credentials.cfg";

    /// <summary>Where a WebRTC gateway's boot script keeps the secret it fetched (mode 0600) until it has written <see cref="GatewayCredentialSecretFile"/>.</summary>
    public const string GatewayCredentialStagingFile = ConfigFolder + "/gateway-credentials.new";

    /// <summary>The system user the distribution's package creates for Kamailio.</summary>
    public const string KamailioUser = "kamailio";

    /// <summary>The distribution's systemd unit, disabled in favour of <see cref="KamailioService"/>.</summary>
    public const string DistributionKamailioService = "kamailio.service";

    /// <summary>
    /// The node's kernel settings: non-local bind (the standby binds the floating address before it holds it) and IPv4
    /// forwarding (media-node's kernel forwarding routes rewritten RTP between the node's own addresses and the parties).
    /// </summary>
    public const string SysctlFile = "/etc/sysctl.d/90-rtconaws.conf";
}
