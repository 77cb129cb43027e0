using Amazon.CDK.AWS.SecretsManager;
using RtcOnAws.Constructs.Network;

namespace RtcOnAws.Constructs.State;

/// <summary>What <see cref="SessionStore.FromSessionStoreAttributes"/> needs to reference a store created elsewhere.</summary>
public sealed class SessionStoreAttributes
{
    /// <summary>The network the store is in (its session-store security group must admit the pairs' SBC group). Required.</summary>
    public required IRtcNetwork Network { get; init; }

    /// <summary>Host name of the primary endpoint. Required.</summary>
    public required string PrimaryEndpointAddress { get; init; }

    /// <summary>Port of the primary endpoint.</summary>
    /// <remarks>Default: the network's <see cref="IRtcNetwork.RedisPort"/>.</remarks>
    public string? PrimaryEndpointPort { get; init; }

    /// <summary>The secret holding the Redis AUTH token (its <c>SecretString</c> is the token itself). Required.</summary>
    public required ISecret AuthTokenSecret { get; init; }

    /// <summary>The store's <c>notify-keyspace-events</c>; a standby needs <see cref="SessionStore.StandbyKeyspaceEvents"/>.</summary>
    /// <remarks>Default: <c>KA</c> (what <see cref="SessionStore"/> sets by default).</remarks>
    public string? KeyspaceEvents { get; init; }
}
