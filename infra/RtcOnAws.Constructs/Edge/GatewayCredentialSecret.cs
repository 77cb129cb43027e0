using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Edge;

/// <summary>
/// How a WebRTC gateway instance gets the shared secret of browsers' credentials (<see cref="GatewayCredentials"/>): at
/// boot it reads the secret from Secrets Manager into a root-only staging file, checks its form, and writes the
/// <c>modparam</c> line Kamailio includes (<see cref="SbcPaths.GatewayCredentialSecretFile"/>, readable only by root and
/// Kamailio's group), so the secret appears in no command line, rendered config, user data or log.
/// </summary>
public static class GatewayCredentialSecret
{
    /// <summary>Lets <paramref name="role"/> read exactly <paramref name="secret"/> (and decrypt it with its KMS key, if any).</summary>
    /// <param name="secret">The credential secret.</param>
    /// <param name="role">The gateway instances' role.</param>
    public static void GrantRead(ISecret secret, IRole role)
    {
        Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = role,
            Actions = ["secretsmanager:GetSecretValue"],
            ResourceArns = [secret.SecretFullArn ?? $"{secret.SecretArn}-??????"],
        });
        secret.EncryptionKey?.GrantDecrypt(role);
    }

    /// <summary>User data that writes <see cref="SbcPaths.GatewayCredentialSecretFile"/>; run before <c>kamailio -c</c>.</summary>
    /// <param name="secret">The credential secret.</param>
    /// <param name="region">The stack's region.</param>
    /// <returns>Bash lines for a <c>set -euo pipefail</c> script.</returns>
    public static IReadOnlyList<string> ConfigCommands(ISecret secret, string region)
    {
        const string staging = SbcPaths.GatewayCredentialStagingFile;
        const string file = SbcPaths.GatewayCredentialSecretFile;
        return
        [
            "for attempt in 1 2 3 4 5 6 7 8 9 10; do " +
            $"(umask 077 && AWS_PAGER= aws secretsmanager get-secret-value --region {region} --secret-id {secret.SecretArn} " +
            $"--query SecretString --output text | tr -d '\\r\\n' > {staging}) && break; " +
            "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
            // The secret goes into a quoted Kamailio string: anything but the documented characters is refused, unprinted.
            $"grep -Eq '{GatewayCredentials.SecretPattern}' {staging} || {{ rm -f {staging}; echo 'the gateway credential secret does not match {GatewayCredentials.SecretPattern}' >&2; exit 1; }}",
            $"(umask 027 && printf 'modparam(\"auth_ephemeral\", \"secret\", \"%s\")\\n' \"$(cat {staging})\" > {file})",
            $"chown root:{SbcPaths.KamailioUser} {file} && chmod 0640 {file}",
            $"rm -f {staging}",
        ];
    }
}
