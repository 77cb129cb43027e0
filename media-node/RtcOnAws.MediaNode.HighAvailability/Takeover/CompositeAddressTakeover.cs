namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>Several takeovers in order (e.g. the EC2 move, then the address on the NIC); released in reverse order.</summary>
public sealed class CompositeAddressTakeover : IAddressTakeover
{
    private readonly IReadOnlyList<IAddressTakeover> _parts;

    /// <summary>Creates the composition.</summary>
    public CompositeAddressTakeover(params IAddressTakeover[] parts) => _parts = parts;

    /// <inheritdoc />
    public string Description => string.Join(" + ", _parts.Select(p => p.Description));

    /// <inheritdoc />
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var part in _parts)
        {
            await part.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        foreach (var part in _parts)
        {
            await part.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        foreach (var part in _parts.Reverse())
        {
            await part.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
