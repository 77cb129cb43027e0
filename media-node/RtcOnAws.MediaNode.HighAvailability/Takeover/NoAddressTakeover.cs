namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>Nothing moves: something else steers traffic (a load balancer, the failover Lambda, an operator).</summary>
public sealed class NoAddressTakeover : IAddressTakeover
{
    /// <inheritdoc />
    public string Description => "none";

    /// <inheritdoc />
    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task AcquireAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ReleaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
