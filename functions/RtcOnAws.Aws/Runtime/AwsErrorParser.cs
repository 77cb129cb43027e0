using System.Net;
using System.Xml.Linq;

namespace RtcOnAws.Aws.Runtime;

/// <summary>
/// Turns an error response into <see cref="AwsServiceException"/>. Understands EC2's
/// &lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/Errors&gt;&lt;RequestID/&gt;&lt;/Response&gt; and the
/// Query/REST-XML &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;.
/// </summary>
internal static class AwsErrorParser
{
    public static AwsServiceException Parse(string serviceName, HttpStatusCode status, string body, string? requestIdHeader)
    {
        XElement? root = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(body)) root = XDocument.Parse(body).Root;
        }
        catch (System.Xml.XmlException)
        {
            root = null;
        }

        var error = root is null ? null
            : root.Name.LocalName == "Error" ? root
            : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
        // Route 53 has also answered with the error name as the root: <InvalidChangeBatch><Messages><Message/>...</Messages>.
        var namedRoot = error is null && root is not null && root.Name.LocalName is not ("Response" or "ErrorResponse") ? root : null;
        var code = error.Text("Code") ?? namedRoot?.Name.LocalName ?? FallbackCode(status);
        var message = error.Text("Message")
                      ?? (namedRoot is not null ? string.Join("; ", namedRoot.Child("Messages").Children("Message").Select(m => m.Value)) : null)
                      ?? (root is null && body.Length > 0 ? Truncate(body) : "no error message");
        var requestId = root.Text("RequestID") ?? root.Text("RequestId") ?? error.Text("RequestId") ?? requestIdHeader;
        if (message.Length == 0) message = "no error message";
        return new AwsServiceException(serviceName, code.Trim(), message.Trim(), requestId?.Trim(), status);
    }

    private static string FallbackCode(HttpStatusCode status) => (int)status switch
    {
        429 => AwsErrorCodes.Throttling,
        >= 500 => "ServiceUnavailable",
        _ => $"Http{(int)status}",
    };

    private static string Truncate(string body) => body.Length <= 200 ? body : body[..200];
}
