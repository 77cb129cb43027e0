using System.Xml.Linq;

namespace RtcOnAws.Aws.Runtime;

/// <summary>The response half of the AWS Query protocol, shared by the Auto Scaling and CloudWatch clients.</summary>
internal static class QueryProtocol
{
    /// <summary>
    /// Sends <paramref name="query"/> and returns the parsed XML root with a response carrying the request id from where
    /// the Query services put it: <c>ResponseMetadata/RequestId</c>.
    /// </summary>
    public static async Task<(XElement Root, TResponse Response)> SendAsync<TResponse>(
        AwsHttpSender sender, QueryRequestBuilder query, string operation, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new()
    {
        var http = await sender.SendAsync(query.Build(operation), cancellationToken).ConfigureAwait(false);
        var root = Xml.Parse(http.Body, operation);
        var response = new TResponse
        {
            HttpStatusCode = http.StatusCode,
            ResponseMetadata = new ResponseMetadata
            {
                RequestId = root.Child("ResponseMetadata").Text("RequestId") ?? http.RequestIdHeader,
            },
        };
        return (root, response);
    }
}
