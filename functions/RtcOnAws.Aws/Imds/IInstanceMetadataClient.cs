namespace RtcOnAws.Aws.Imds;

/// <summary>Reads this instance's metadata through IMDSv2.</summary>
public interface IInstanceMetadataClient : IDisposable
{
    /// <summary>meta-data/instance-id.</summary>
    Task<string> GetInstanceIdAsync(CancellationToken cancellationToken = default);

    /// <summary>meta-data/placement/region.</summary>
    Task<string> GetRegionAsync(CancellationToken cancellationToken = default);

    /// <summary>meta-data/placement/availability-zone.</summary>
    Task<string> GetAvailabilityZoneAsync(CancellationToken cancellationToken = default);

    /// <summary>Every interface (by MAC) with its ENI id, device number, subnet and private IPv4 addresses, ordered by device number.</summary>
    Task<IReadOnlyList<ImdsNetworkInterface>> GetNetworkInterfacesAsync(CancellationToken cancellationToken = default);

    /// <summary>Any path under latest/meta-data/ (e.g. "local-ipv4"); throws <see cref="InstanceMetadataException"/> on 404.</summary>
    Task<string> GetMetadataAsync(string path, CancellationToken cancellationToken = default);
}
