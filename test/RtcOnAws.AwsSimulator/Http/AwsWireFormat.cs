using System.Net;
using System.Xml.Linq;

namespace RtcOnAws.AwsSimulator.Http;

/// <summary>Success and error bodies in each service's real wire format.</summary>
internal static class AwsWireFormat
{
    /// <summary>EC2: &lt;XResponse xmlns=ec2&gt;&lt;requestId/&gt;...&lt;/XResponse&gt;.</summary>
    public static XElement Ec2Success(string action, string requestId, IEnumerable<XElement> content) =>
        new(Ec2.SimulatedEc2.Ns + $"{action}Response", new XElement(Ec2.SimulatedEc2.Ns + "requestId", requestId), content);

    /// <summary>Auto Scaling (Query): the operation's element plus ResponseMetadata/RequestId.</summary>
    public static XElement QuerySuccess(XElement response, XNamespace ns, string requestId)
    {
        response.Add(new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
        return response;
    }

    /// <summary>EC2: &lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/Errors&gt;&lt;RequestID/&gt;&lt;/Response&gt;.</summary>
    public static XElement Ec2Error(string code, string message, string requestId) =>
        new("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", requestId));

    /// <summary>Route 53 and Auto Scaling: &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;.</summary>
    public static XElement ErrorResponse(XNamespace ns, string code, string message, string requestId, HttpStatusCode status) =>
        new(ns + "ErrorResponse",
            new XElement(ns + "Error",
                new XElement(ns + "Type", (int)status >= 500 ? "Receiver" : "Sender"),
                new XElement(ns + "Code", code),
                new XElement(ns + "Message", message)),
            new XElement(ns + "RequestId", requestId));

    /// <summary>The throttle each service really answers with (code and status).</summary>
    public static (string Code, HttpStatusCode Status, string Message) Throttle(string service, string? code) => service switch
    {
        "ec2" => (code is { Length: > 0 } ? code : "RequestLimitExceeded", HttpStatusCode.ServiceUnavailable, "Request limit exceeded."),
        _ => (code is { Length: > 0 } ? code : "Throttling", HttpStatusCode.BadRequest, "Rate exceeded"),
    };

    public static string ServerErrorCode(string service, HttpStatusCode status) => (service, (int)status) switch
    {
        ("ec2", 503) => "Unavailable",
        ("ec2", _) => "InternalError",
        (_, 503) => "ServiceUnavailable",
        _ => "InternalFailure",
    };
}
