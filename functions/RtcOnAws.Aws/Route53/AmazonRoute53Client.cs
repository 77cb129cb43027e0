using System.Globalization;
using System.Text;
using System.Xml.Linq;
using RtcOnAws.Aws.Route53.Model;
using RtcOnAws.Aws.Runtime;

namespace RtcOnAws.Aws.Route53;

/// <summary>Route 53 REST/XML client (API version 2013-04-01), SigV4-signed with AWSSDK.Core (scope us-east-1/route53).</summary>
public sealed class AmazonRoute53Client : IAmazonRoute53
{
    private const string ApiPath = "2013-04-01";
    private static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";
    private readonly AwsHttpSender _sender;

    /// <summary>Creates a client with default options.</summary>
    public AmazonRoute53Client() : this(new AwsClientOptions())
    {
    }

    /// <summary>Creates a client. Route 53 is global: when no region is configured, us-east-1 is used.</summary>
    public AmazonRoute53Client(AwsClientOptions options)
    {
        _sender = new AwsHttpSender(AwsService.Route53, options, fallbackRegion: "us-east-1");
    }

    /// <inheritdoc />
    public async Task<ChangeResourceRecordSetsResponse> ChangeResourceRecordSetsAsync(ChangeResourceRecordSetsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var zoneId = ResourceId(request.HostedZoneId, "hostedzone", nameof(request.HostedZoneId));
        if (request.ChangeBatch.Changes.Count == 0) throw new ArgumentException("ChangeBatch.Changes must not be empty.", nameof(request));
        var body = Route53XmlWriter.ChangeResourceRecordSets(request.ChangeBatch);
        var http = await _sender.SendAsync(
            new AwsRequest("ChangeResourceRecordSets", HttpMethod.Post, $"{ApiPath}/hostedzone/{Uri.EscapeDataString(zoneId)}/rrset/",
                Encoding.UTF8.GetBytes(body), "application/xml"),
            cancellationToken).ConfigureAwait(false);
        var root = Xml.Parse(http.Body, "ChangeResourceRecordSets");
        return new ChangeResourceRecordSetsResponse
        {
            ChangeInfo = ChangeInfo(root.Child("ChangeInfo")),
            HttpStatusCode = http.StatusCode,
            ResponseMetadata = new ResponseMetadata { RequestId = http.RequestIdHeader },
        };
    }

    /// <inheritdoc />
    public async Task<ListResourceRecordSetsResponse> ListResourceRecordSetsAsync(ListResourceRecordSetsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var zoneId = ResourceId(request.HostedZoneId, "hostedzone", nameof(request.HostedZoneId));
        if (request.MaxItems is < 1 or > 300) throw new ArgumentOutOfRangeException(nameof(request), request.MaxItems, "MaxItems must be 1-300.");
        var query = new List<string>();
        AddQuery(query, "identifier", request.StartRecordIdentifier);
        AddQuery(query, "maxitems", request.MaxItems?.ToString(CultureInfo.InvariantCulture));
        AddQuery(query, "name", request.StartRecordName);
        AddQuery(query, "type", request.StartRecordType);
        var path = $"{ApiPath}/hostedzone/{Uri.EscapeDataString(zoneId)}/rrset" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var http = await _sender.SendAsync(new AwsRequest("ListResourceRecordSets", HttpMethod.Get, path, null, null), cancellationToken).ConfigureAwait(false);
        var root = Xml.Parse(http.Body, "ListResourceRecordSets");
        return new ListResourceRecordSetsResponse
        {
            ResourceRecordSets = root.Child("ResourceRecordSets").Children("ResourceRecordSet").Select(Route53XmlReader.ResourceRecordSet).ToList(),
            IsTruncated = root.Bool("IsTruncated") ?? false,
            NextRecordName = root.Text("NextRecordName"),
            NextRecordType = root.Text("NextRecordType"),
            NextRecordIdentifier = root.Text("NextRecordIdentifier"),
            MaxItems = root.Text("MaxItems"),
            HttpStatusCode = http.StatusCode,
            ResponseMetadata = new ResponseMetadata { RequestId = http.RequestIdHeader },
        };
    }

    /// <inheritdoc />
    public async Task<GetChangeResponse> GetChangeAsync(GetChangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var changeId = ResourceId(request.Id, "change", nameof(request.Id));
        var http = await _sender.SendAsync(
            new AwsRequest("GetChange", HttpMethod.Get, $"{ApiPath}/change/{Uri.EscapeDataString(changeId)}", null, null),
            cancellationToken).ConfigureAwait(false);
        var root = Xml.Parse(http.Body, "GetChange");
        return new GetChangeResponse
        {
            ChangeInfo = ChangeInfo(root.Child("ChangeInfo")),
            HttpStatusCode = http.StatusCode,
            ResponseMetadata = new ResponseMetadata { RequestId = http.RequestIdHeader },
        };
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();

    internal static XNamespace Namespace => Ns;

    private static ChangeInfo? ChangeInfo(XElement? element) => element is null
        ? null
        : new ChangeInfo
        {
            Id = element.Text("Id"),
            Status = element.Text("Status"),
            SubmittedAt = element.Time("SubmittedAt"),
            Comment = element.Text("Comment"),
        };

    /// <summary>Accepts "Z123" or "/hostedzone/Z123" (as Route 53 returns ids) and yields "Z123".</summary>
    private static string ResourceId(string? id, string kind, string name)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException($"{name} is required.", name);
        var prefix = $"/{kind}/";
        return id.StartsWith(prefix, StringComparison.Ordinal) ? id[prefix.Length..] : id;
    }

    private static void AddQuery(List<string> query, string name, string? value)
    {
        if (value is not null) query.Add($"{name}={Uri.EscapeDataString(value)}");
    }
}
