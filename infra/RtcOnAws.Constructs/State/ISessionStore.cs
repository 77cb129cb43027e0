using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using RtcOnAws.Constructs.Network;

namespace RtcOnAws.Constructs.State;

/// <summary>
/// What a high-availability <see cref="Sbc.SbcPair"/> needs of a call-state store: a <see cref="SessionStore"/> of this
/// stack, or one of another stack imported with <see cref="SessionStore.FromSessionStoreAttributes"/>.
/// </summary>
public interface ISessionStore : IConstruct
{
    /// <summary>The network whose session-store security group admits Redis from its SBC group.</summary>
    IRtcNetwork Network { get; }

    /// <summary>The <c>notify-keyspace-events</c> value of the store.</summary>
    string KeyspaceEvents { get; }

    /// <summary>The secret holding the Redis AUTH token (its <c>SecretString</c> is the token itself).</summary>
    ISecret AuthTokenSecret { get; }

    /// <summary>Host name of the primary endpoint (writes; follows automatic failover).</summary>
    string PrimaryEndpointAddress { get; }

    /// <summary>Port of the primary endpoint.</summary>
    string PrimaryEndpointPort { get; }
}
