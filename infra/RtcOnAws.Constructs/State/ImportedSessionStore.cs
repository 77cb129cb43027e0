using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using RtcOnAws.Constructs.Network;

namespace RtcOnAws.Constructs.State;

/// <summary>A session store created in another stack: read-only, it only carries what the pairs' nodes connect with.</summary>
internal sealed class ImportedSessionStore(Construct scope, string id, SessionStoreAttributes attributes) : Construct(scope, id), ISessionStore
{
    public IRtcNetwork Network { get; } = attributes.Network;
    public string KeyspaceEvents { get; } = attributes.KeyspaceEvents ?? SessionStore.DefaultKeyspaceEvents;
    public ISecret AuthTokenSecret { get; } = attributes.AuthTokenSecret;
    public string PrimaryEndpointAddress { get; } = attributes.PrimaryEndpointAddress;
    public string PrimaryEndpointPort { get; } = attributes.PrimaryEndpointPort ?? Validation.PropsValidator.Format(attributes.Network.RedisPort);
}
