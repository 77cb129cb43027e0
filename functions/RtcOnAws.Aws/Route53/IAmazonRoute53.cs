using RtcOnAws.Aws.Route53.Model;

namespace RtcOnAws.Aws.Route53;

/// <summary>The Route 53 operations RtcOnAws uses, shaped like AWSSDK.Route53's IAmazonRoute53.</summary>
public interface IAmazonRoute53 : IDisposable
{
    /// <summary>Applies a change batch.</summary>
    Task<ChangeResourceRecordSetsResponse> ChangeResourceRecordSetsAsync(ChangeResourceRecordSetsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of record sets.</summary>
    Task<ListResourceRecordSetsResponse> ListResourceRecordSetsAsync(ListResourceRecordSetsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets a change's status (PENDING until INSYNC).</summary>
    Task<GetChangeResponse> GetChangeAsync(GetChangeRequest request, CancellationToken cancellationToken = default);
}
