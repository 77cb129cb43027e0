using Amazon.CDK;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.State;

/// <summary>
/// The call-state store of a region: an ElastiCache Redis replication group, multi-AZ with automatic
/// failover, encrypted in transit and at rest, keyspace notifications on, private subnets only.
/// </summary>
public sealed class SessionStore : Construct, ISessionStore
{
    private const string AllowedKeyspaceLetters = "KEg$lshzxetA";

    /// <summary>
    /// What a media-node hot standby subscribes to: keyspace (<c>K</c>) events of string commands (<c>$</c>: a call
    /// written), generic commands (<c>g</c>: a call deleted) and expiries (<c>x</c>).
    /// </summary>
    public const string StandbyKeyspaceEvents = "K$gx";

    /// <summary>The <c>notify-keyspace-events</c> default: keyspace events of every class.</summary>
    public const string DefaultKeyspaceEvents = "KA";

    /// <summary>References a store created in another stack (or outside CDK) for high-availability pairs to connect to.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="attributes">The network, endpoint, AUTH token secret and keyspace events of the store.</param>
    /// <exception cref="RtcPropsValidationException">An attribute is invalid; the message names every bad attribute.</exception>
    public static ISessionStore FromSessionStoreAttributes(Construct scope, string id, SessionStoreAttributes attributes)
    {
        var v = new PropsValidator(nameof(SessionStore), id);
        if (attributes is null)
        {
            v.Fail(nameof(attributes), "is missing", "SessionStoreAttributes with the Network, endpoint and AUTH token secret");
            v.ThrowIfAny();
        }
        if (attributes!.Network is null) v.Fail(nameof(attributes.Network), "is missing", "the IRtcNetwork the store is in");
        if (string.IsNullOrEmpty(attributes.PrimaryEndpointAddress)) v.Fail(nameof(attributes.PrimaryEndpointAddress), "is missing", "the primary endpoint's host name");
        if (attributes.AuthTokenSecret is null) v.Fail(nameof(attributes.AuthTokenSecret), "is missing", "the secret holding the Redis AUTH token");
        if (attributes.KeyspaceEvents is { } events) ValidateKeyspaceEvents(v, events, nameof(attributes.KeyspaceEvents));
        v.ThrowIfAny();
        return new ImportedSessionStore(scope, id, attributes);
    }

    /// <summary>Creates the store.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public SessionStore(Construct scope, string id, SessionStoreProps props)
        : base(scope, Validate(id, props))
    {
        var network = props.Network;
        var engineVersion = props.EngineVersion ?? "7.1";
        Network = network;
        KeyspaceEvents = props.KeyspaceEvents ?? DefaultKeyspaceEvents;

        SubnetGroup = new CfnSubnetGroup(this, "SubnetGroup", new CfnSubnetGroupProps
        {
            Description = "RtcOnAws session store: private subnets only",
            SubnetIds = network.Vpc.SelectSubnets(network.StateSubnets).SubnetIds,
        });

        ParameterGroup = new CfnParameterGroup(this, "ParameterGroup", new CfnParameterGroupProps
        {
            CacheParameterGroupFamily = $"redis{engineVersion.Split('.')[0]}",
            Description = "RtcOnAws session store: keyspace notifications for hot standby",
            Properties = new Dictionary<string, string> { ["notify-keyspace-events"] = KeyspaceEvents },
        });

        // Redis AUTH on top of TLS and the security group: a token only the SBC nodes can read from Secrets Manager.
        // ElastiCache accepts printable ASCII except @, " and /; alphanumeric keeps it safe in the media node's config.
        AuthTokenSecret = props.AuthTokenSecret ?? new Secret(this, "AuthToken", new SecretProps
        {
            Description = "RtcOnAws session store: Redis AUTH token of the SBC media nodes",
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true, IncludeSpace = false },
        });
        ReplicationGroup = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            // A dynamic reference: CloudFormation resolves it at deploy time, the template never holds the token.
            AuthToken = AuthTokenSecret.SecretValue.UnsafeUnwrap(),
            ReplicationGroupDescription = "RtcOnAws call state",
            Engine = "redis",
            EngineVersion = engineVersion,
            CacheNodeType = props.CacheNodeType ?? "cache.t4g.medium",
            NumCacheClusters = props.NodeCount ?? 2,
            MultiAzEnabled = true,
            AutomaticFailoverEnabled = true,
            TransitEncryptionEnabled = true,
            AtRestEncryptionEnabled = true,
            Port = network.RedisPort,
            CacheSubnetGroupName = SubnetGroup.Ref,
            CacheParameterGroupName = ParameterGroup.Ref,
            SecurityGroupIds = [network.SessionStoreSecurityGroup.SecurityGroupId],
        });
        NagSuppressions.Add(ReplicationGroup, "AwsSolutions-AEC5",
            "The default port is kept (RtcNetwork.RedisPort changes it): the store sits in isolated subnets, admits only the SBC security group, and requires TLS and an AUTH token; another port number would add no protection.");
        if (AuthTokenSecret is Secret createdToken)
        {
            NagSuppressions.Add(createdToken, "AwsSolutions-SMG4",
                "ElastiCache AUTH rotation needs ModifyReplicationGroup with AuthTokenUpdateStrategy ROTATE and a restart of every media node to pick the new token up; it is a planned operation (docs/infra.md, SessionStore), not an automatic schedule that would cut the HA pairs off their store.");
        }
    }

    /// <summary>The network whose session-store security group admits Redis from its SBC group.</summary>
    public IRtcNetwork Network { get; }

    /// <summary>The <c>notify-keyspace-events</c> value of <see cref="ParameterGroup"/>.</summary>
    public string KeyspaceEvents { get; }

    /// <summary>
    /// The keyspace-event letters of <see cref="StandbyKeyspaceEvents"/> that <see cref="KeyspaceEvents"/> lacks (empty when
    /// a media-node standby can mirror calls from this store); <c>A</c> stands for <c>g$lshzxet</c>.
    /// </summary>
    public string MissingStandbyKeyspaceEvents => MissingStandbyKeyspaceEventsOf(this);

    /// <summary>The secret holding the Redis AUTH token (its <c>SecretString</c> is the token itself).</summary>
    public ISecret AuthTokenSecret { get; }

    /// <summary>The replication group.</summary>
    public CfnReplicationGroup ReplicationGroup { get; }

    /// <summary>The subnet group over the network's private state subnets.</summary>
    public CfnSubnetGroup SubnetGroup { get; }

    /// <summary>The parameter group enabling keyspace notifications.</summary>
    public CfnParameterGroup ParameterGroup { get; }

    /// <summary>Host name of the primary endpoint (writes; follows automatic failover).</summary>
    public string PrimaryEndpointAddress => ReplicationGroup.AttrPrimaryEndPointAddress;

    /// <summary>Port of the primary endpoint.</summary>
    public string PrimaryEndpointPort => ReplicationGroup.AttrPrimaryEndPointPort;

    /// <summary>Host name of the reader endpoint.</summary>
    public string ReaderEndpointAddress => ReplicationGroup.AttrReaderEndPointAddress;

    private static string Validate(string id, SessionStoreProps props)
    {
        var v = new PropsValidator(nameof(SessionStore), id);
        if (props.Network is null)
        {
            v.Fail(nameof(props.Network), "is missing", "an RtcNetwork");
        }
        if (props.CacheNodeType is { } nodeType)
        {
            v.Check(nodeType, nodeType.StartsWith("cache.", StringComparison.Ordinal) && nodeType.Count(c => c == '.') == 2, nameof(props.CacheNodeType),
                $"'{nodeType}' is not an ElastiCache node type", "a name such as cache.t4g.medium or cache.r7g.large");
        }
        v.CheckRange(props.NodeCount, 2, 6, nameof(props.NodeCount));
        if (props.EngineVersion is { } version)
        {
            v.Check(version, System.Text.RegularExpressions.Regex.IsMatch(version, @"^[67]\.\d+$"), nameof(props.EngineVersion),
                $"'{version}' is not a supported Redis version", "6.x or 7.x such as 7.1");
        }
        if (props.KeyspaceEvents is { } events)
        {
            ValidateKeyspaceEvents(v, events, nameof(props.KeyspaceEvents));
        }
        v.ThrowIfAny();
        return id;
    }

    private static void ValidateKeyspaceEvents(PropsValidator v, string events, string prop) =>
        v.Check(events, events.Length > 0 && (events.Contains('K') || events.Contains('E')) && events.All(AllowedKeyspaceLetters.Contains) && events.Distinct().Count() == events.Length,
            prop, $"'{events}' does not enable keyspace notifications",
            $"K and/or E plus event classes from '{AllowedKeyspaceLetters}', each letter once, such as KA");

    /// <summary>
    /// The keyspace-event letters of <see cref="StandbyKeyspaceEvents"/> that <paramref name="store"/>'s events lack (empty
    /// when a media-node standby can mirror calls from it); <c>A</c> stands for <c>g$lshzxet</c>.
    /// </summary>
    /// <param name="store">A created or imported store.</param>
    public static string MissingStandbyKeyspaceEventsOf(ISessionStore store)
    {
        var enabled = store.KeyspaceEvents.Replace("A", "g$lshzxet", StringComparison.Ordinal);
        return string.Concat(StandbyKeyspaceEvents.Where(letter => !enabled.Contains(letter)));
    }
}
