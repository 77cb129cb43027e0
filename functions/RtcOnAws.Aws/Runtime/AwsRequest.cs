namespace RtcOnAws.Aws.Runtime;

/// <summary>One HTTP request before signing: method, path with query relative to the service endpoint, optional body.</summary>
internal sealed record AwsRequest(string Operation, HttpMethod Method, string PathAndQuery, byte[]? Body, string? ContentType);

/// <summary>A successful (2xx) HTTP response.</summary>
internal sealed record AwsHttpResponse(System.Net.HttpStatusCode StatusCode, string Body, string? RequestIdHeader);
