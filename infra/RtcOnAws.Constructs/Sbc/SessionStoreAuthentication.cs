using Amazon.CDK.AWS.IAM;
using RtcOnAws.Constructs.State;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// How a high-availability pair's media nodes authenticate to the session store: at boot each node reads the store's
/// AUTH token from Secrets Manager and appends <c>redis = TOKEN@HOST:PORT/DB</c> to its config file (readable only by
/// root and the service user), so the token appears in no command line, unit file or log.
/// </summary>
public static class SessionStoreAuthentication
{
    /// <summary>Lets <paramref name="role"/> read exactly the store's token (and decrypt it with its KMS key, if any).</summary>
    /// <param name="store">The session store.</param>
    /// <param name="role">The SBC nodes' role.</param>
    public static void GrantRead(ISessionStore store, IRole role)
    {
        var secret = store.AuthTokenSecret;
        Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = role,
            Actions = ["secretsmanager:GetSecretValue"],
            ResourceArns = [secret.SecretFullArn ?? $"{secret.SecretArn}-??????"],
        });
        secret.EncryptionKey?.GrantDecrypt(role);
    }

    /// <summary>User data that adds the store's address and token to the media node's config file; run after it is written.</summary>
    /// <param name="store">The session store.</param>
    /// <param name="region">The stack's region.</param>
    /// <returns>Bash lines for a <c>set -euo pipefail</c> script.</returns>
    public static IReadOnlyList<string> ConfigCommands(ISessionStore store, string region)
    {
        const string staging = SbcPaths.RedisAuthStagingFile;
        var config = SbcPaths.MediaNodeConfigFile;
        return
        [
            "for attempt in 1 2 3 4 5 6 7 8 9 10; do " +
            $"(umask 077 && AWS_PAGER= aws secretsmanager get-secret-value --region {region} --secret-id {store.AuthTokenSecret.SecretArn} " +
            $"--query SecretString --output text | tr -d '\\r\\n' > {staging}) && break; " +
            "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
            $"chown root:{SbcPaths.MediaNodeUser} {config} && chmod 0640 {config}",
            $"printf '{MediaNodeFlags.Key(MediaNodeFlags.Redis)} = %s@%s:%s/{MediaNodeHighAvailability.RedisDatabase}\\n' \"$(cat {staging})\" '{store.PrimaryEndpointAddress}' '{store.PrimaryEndpointPort}' >> {config}",
            $"rm -f {staging}",
        ];
    }
}
