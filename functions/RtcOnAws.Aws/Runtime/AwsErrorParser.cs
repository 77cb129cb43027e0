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
        var code = error.Text("Code") ?? FallbackCode(status);
        var message = error.Text("Message") ?? (root is null && body.Length > 0 ? Truncate(body) : "no error message");
        var requestId = root.Text("RequestID") ?? root.Text("RequestId") ?? error.Text("RequestId") ?? requestIdHeader;
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
