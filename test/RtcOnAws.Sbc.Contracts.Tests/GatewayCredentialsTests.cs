using Xunit;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>The browsers' credentials the operator issues and the gateway's rendered check of them.</summary>
public sealed class GatewayCredentialsTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private static GatewaySettings Gateway() => new()
    {
        ListenAddress = "10.40.3.21",
        Domain = "sip.example.com",
        Sbcs = [new SipUpstream("10.40.1.50")],
    };

    [Fact]
    public void The_username_is_the_expiry_and_the_user_and_the_password_its_hmac_sha256()
    {
        var credential = GatewayCredentials.Issue(Secret, "alice", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        Assert.Equal("1700000000:alice", credential.Username);
        // printf '%s' 1700000000:alice | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef -binary | base64
        Assert.Equal("WPCRWvVFrwGqfzVo808CxcSzjHT5BkczlXd/OUuPpbc=", credential.Password);
    }

    [Fact]
    public void A_user_with_the_separator_is_refused()
    {
        Assert.Throws<ArgumentException>(() => GatewayCredentials.Issue(Secret, "alice:admin", DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("0123456789abcdef0123456789abcdef\"", false)]
    [InlineData("0123456789abcdef0123456789abcdef\n", false)]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("Q2hhbmdlTWUtbm90LWEtcmVhbC1zZWNyZXQ+/=_.-", true)]
    public void Only_a_secret_that_is_safe_in_a_kamailio_string_makes_a_secret_file(string secret, bool valid)
    {
        Assert.Equal(valid, GatewayCredentials.IsValidSecret(secret));
        if (valid)
        {
            Assert.Equal($"modparam(\"auth_ephemeral\", \"secret\", \"{secret}\")\n", GatewayCredentials.SecretFileText(secret));
        }
        else
        {
            Assert.Throws<ArgumentException>(() => GatewayCredentials.SecretFileText(secret));
        }
    }

    [Fact]
    public void The_gateway_challenges_new_browser_requests_and_includes_the_secret_from_its_file()
    {
        var text = GatewayConfig.Render(Gateway()).Text;

        Assert.Contains("loadmodule \"auth.so\"\nloadmodule \"auth_ephemeral.so\"\n", text, StringComparison.Ordinal);
        Assert.Contains("modparam(\"auth_ephemeral\", \"sha_algorithm\", 1)", text, StringComparison.Ordinal);
        Assert.Contains($"include_file \"{SbcPaths.GatewayCredentialSecretFile}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", text, StringComparison.Ordinal);
        Assert.Contains("    route(AUTH);\n    if (!save(\"location\")) {", text, StringComparison.Ordinal);
        Assert.Contains("    route(AUTH);\n    if (!ds_select_dst(", text, StringComparison.Ordinal);
        Assert.Contains("auth_challenge(\"sip.example.com\", \"1\");", text, StringComparison.Ordinal);
        Assert.Contains("autheph_check_to()", text, StringComparison.Ordinal);
        Assert.Contains("autheph_check_from()", text, StringComparison.Ordinal);
        Assert.Contains("consume_credentials();", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Debug_logging_which_would_log_the_secret_and_a_bad_secret_path_are_refused_by_name()
    {
        var problems = GatewayConfig.Validate(Gateway() with { LogLevel = 3, CredentialSecretFile = "secret.cfg\"" });

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("LogLevel 3 is out of range", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("CredentialSecretFile", StringComparison.Ordinal));
    }
}
