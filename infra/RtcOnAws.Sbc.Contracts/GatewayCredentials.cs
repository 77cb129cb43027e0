using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// The WebRTC gateway's browser credentials (Kamailio <c>auth_ephemeral</c>, the TURN REST scheme): the operator's web
/// application, which knows the shared secret, gives a signed-in user a username <c>&lt;expiry unix time&gt;:&lt;user&gt;</c>
/// and the password base64(HMAC-SHA-256(secret, username)); the gateway recomputes the password from the username, so it
/// keeps no user database. This class is the reference implementation (and the tests'); any language's HMAC does the same.
/// </summary>
public static partial class GatewayCredentials
{
    /// <summary>Kamailio <c>auth_ephemeral</c>'s <c>sha_algorithm</c> for HMAC-SHA-256.</summary>
    internal const int KamailioSha256 = 1;

    /// <summary>What a secret may contain: it is written into a Kamailio string (no quotes, backslashes or line breaks), 32 to 256 characters.</summary>
    public const string SecretPattern = "^" + SecretCharacters + "$";

    private const string SecretCharacters = "[A-Za-z0-9+/=_.-]{32,256}";

    /// <summary>Credentials for <paramref name="user"/> that the gateway accepts until <paramref name="expiresAt"/>.</summary>
    /// <param name="secret">The shared secret (the gateway's credential secret in Secrets Manager).</param>
    /// <param name="user">The SIP user the browser registers and calls as (the user part of its From and To); no ':'.</param>
    /// <param name="expiresAt">When the credentials stop working (the gateway's clock decides); keep it short, e.g. an hour.</param>
    public static GatewayCredential Issue(string secret, string user, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("a user must not contain ':' (it separates the expiry from the user)", nameof(user));
        }
        var username = string.Create(CultureInfo.InvariantCulture, $"{expiresAt.ToUnixTimeSeconds()}:{user}");
        var password = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
        return new GatewayCredential(username, password);
    }

    /// <summary>Whether <paramref name="secret"/> matches <see cref="SecretPattern"/>.</summary>
    public static bool IsValidSecret(string? secret) => secret is not null && SecretRegex().IsMatch(secret);

    /// <summary>The text of <see cref="GatewaySettings.CredentialSecretFile"/> for <paramref name="secret"/>: one Kamailio <c>modparam</c> line.</summary>
    /// <exception cref="ArgumentException">The secret does not match <see cref="SecretPattern"/>.</exception>
    public static string SecretFileText(string secret)
    {
        if (!IsValidSecret(secret))
        {
            throw new ArgumentException($"the secret does not match {SecretPattern}", nameof(secret));
        }
        return $"modparam(\"auth_ephemeral\", \"secret\", \"{secret}\")\n";
    }

    // \z, not $: .NET's $ also matches before a final line break, which would end the Kamailio string early.
    [GeneratedRegex("^" + SecretCharacters + @"\z")]
    private static partial Regex SecretRegex();
}
