using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace RtcOnAws.AwsSimulator.Http;

/// <summary>
/// Rejects requests that are not SigV4-signed the way AWS expects: an AWS4-HMAC-SHA256 Authorization header with
/// Credential (AKID/date/region/service/aws4_request), SignedHeaders (including host and x-amz-date, all present) and a
/// 64-hex Signature; X-Amz-Date on the scope's date; the right service and region in the scope; and, when sent,
/// x-amz-content-sha256 matching the body. For access keys with a registered secret the signature itself is recomputed.
/// </summary>
internal static class SigV4Check
{
    public static void Verify(HttpRequest request, byte[] body, string service, string region, IDictionary<string, string> secretKeys)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
            throw new SimulatorException("MissingAuthenticationToken", "Request is missing Authentication Token", HttpStatusCode.Forbidden);
        const string algorithm = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(algorithm, StringComparison.Ordinal))
            throw Incomplete($"Authorization header requires the AWS4-HMAC-SHA256 algorithm. Authorization={authorization.Split(' ')[0]}");

        var parts = authorization[algorithm.Length..]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!parts.ContainsKey(required))
                throw Incomplete($"Authorization header requires '{required}' parameter. Authorization={authorization}");
        }

        var scope = parts["Credential"].Split('/');
        if (scope.Length != 5 || scope[0].Length == 0 || scope[4] != "aws4_request"
            || !DateOnly.TryParseExact(scope[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{parts["Credential"]}'");
        if (scope[3] != service)
            throw new SimulatorException("SignatureDoesNotMatch", $"Credential should be scoped to correct service: '{service}'.", HttpStatusCode.Forbidden);
        if (scope[2] != region)
            throw new SimulatorException("SignatureDoesNotMatch", $"Credential should be scoped to a valid region, not '{scope[2]}'; expected '{region}'.", HttpStatusCode.Forbidden);

        var signedHeaders = parts["SignedHeaders"].Split(';');
        if (!signedHeaders.Contains("host"))
            throw Incomplete("'Host' must be a signed header.");
        if (!signedHeaders.Contains("x-amz-date"))
            throw Incomplete("'X-Amz-Date' must be a signed header.");
        foreach (var header in signedHeaders)
        {
            if (!request.Headers.ContainsKey(header))
                throw Incomplete($"Signed header '{header}' is missing from the request.");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
            throw Incomplete($"X-Amz-Date '{amzDate}' is not in the form yyyyMMddTHHmmssZ.");
        if (!amzDate.StartsWith(scope[1], StringComparison.Ordinal))
            throw new SimulatorException("SignatureDoesNotMatch", $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{amzDate[..8]}'", HttpStatusCode.Forbidden);

        var signature = parts["Signature"];
        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigitLower))
            throw Incomplete("Signature must be 64 lower-case hex characters.");

        var contentSha = request.Headers["x-amz-content-sha256"].ToString();
        if (contentSha.Length > 0 && !contentSha.StartsWith("UNSIGNED", StringComparison.Ordinal)
            && !string.Equals(contentSha, Convert.ToHexStringLower(SHA256.HashData(body)), StringComparison.Ordinal))
            throw new SimulatorException("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");

        if (secretKeys.TryGetValue(scope[0], out var secretKey))
            SigV4Signature.Verify(request, body, secretKey, scope[0], scope[2], scope[3], parts["SignedHeaders"], signature);
    }

    private static SimulatorException Incomplete(string message) => new("IncompleteSignature", message, HttpStatusCode.Forbidden);
}
