using RtcOnAws.Constructs.Network;

namespace RtcOnAws.Constructs.State;

/// <summary>Props of <see cref="SessionStore"/>.</summary>
public sealed class SessionStoreProps
{
    /// <summary>The network: the store goes in its private state subnets behind its session-store security group. Required.</summary>
    public required IRtcNetwork Network { get; init; }

    /// <summary>ElastiCache node type; must start with <c>cache.</c>.</summary>
    /// <remarks>Default: <c>cache.t4g.medium</c>.</remarks>
    public string? CacheNodeType { get; init; }

    /// <summary>Number of nodes (primary plus replicas), 2 to 6: multi-AZ failover needs at least one replica.</summary>
    /// <remarks>Default: 2.</remarks>
    public double? NodeCount { get; init; }

    /// <summary>Redis engine version; the parameter group family is derived from it (7.x uses <c>redis7</c>).</summary>
    /// <remarks>Default: <c>7.1</c>.</remarks>
    public string? EngineVersion { get; init; }

    /// <summary>
    /// Value of <c>notify-keyspace-events</c>. Must contain <c>K</c> or <c>E</c> (the media node's standby mirrors calls
    /// from keyspace notifications) and only the letters Redis allows (<c>KEg$lshzxetA</c>).
    /// </summary>
    /// <remarks>Default: <c>KA</c> (keyspace events for every command class).</remarks>
    public string? KeyspaceEvents { get; init; }

    /// <summary>
    /// The Redis AUTH token: a secret whose <c>SecretString</c> is the token itself, 16-128 printable characters without
    /// <c>@</c>, <c>"</c>, <c>/</c> or spaces. The SBC nodes of high-availability pairs read it at boot.
    /// </summary>
    /// <remarks>Default: a new secret with a generated 64-character alphanumeric token.</remarks>
    public Amazon.CDK.AWS.SecretsManager.ISecret? AuthTokenSecret { get; init; }
}
