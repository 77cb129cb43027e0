using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RtcOnAws.AwsSimulator.Http;

/// <summary>
/// Recomputes a request's SigV4 signature for a known secret key: builds the canonical request from what arrived
/// (raw path, query, the signed headers, payload hash) and lets AWSSDK.Core derive the signature from it. A match
/// proves the client canonicalized and signed exactly as AWS would check it.
/// </summary>
internal static class SigV4Signature
{
    public static void Verify(HttpRequest request, byte[] body, string secretKey, string accessKey, string region, string service, string signedHeaders, string signature)
    {
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var signedAt = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var canonical = CanonicalRequest(request, body, signedHeaders);
        var expected = AWS4Signer.ComputeSignature(accessKey, secretKey, region, signedAt, service, signedHeaders, canonical).Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw new SimulatorException("SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. The Canonical String for this request should have been\n'"
                + canonical + "'", HttpStatusCode.Forbidden);
        }
    }

    private static string CanonicalRequest(HttpRequest request, byte[] body, string signedHeaders)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? "" : rawTarget[(question + 1)..];
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString() is { Length: > 0 } declared
            ? declared
            : Convert.ToHexStringLower(SHA256.HashData(body));
        var headers = signedHeaders.Split(';').Select(name => $"{name}:{HeaderValue(request, name)}\n");
        return string.Join('\n',
            request.Method,
            EncodePath(rawPath),
            CanonicalQuery(rawQuery),
            string.Concat(headers),
            signedHeaders,
            payloadHash);
    }

    /// <summary>Non-S3 services encode the (already encoded) path once more, keeping '/'.</summary>
    private static string EncodePath(string rawPath) =>
        string.Join('/', (rawPath.Length == 0 ? "/" : rawPath).Split('/').Select(Uri.EscapeDataString));

    private static string CanonicalQuery(string rawQuery) => string.Join('&', rawQuery
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair =>
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            return (Key: Uri.EscapeDataString(key), Value: Uri.EscapeDataString(value));
        })
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value}"));

    private static string HeaderValue(HttpRequest request, string name)
    {
        var values = request.Headers[name].Select(v => string.Join(' ', (v ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return string.Join(',', values);
    }
}
