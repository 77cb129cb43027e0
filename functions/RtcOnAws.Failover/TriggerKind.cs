namespace RtcOnAws.Failover;

/// <summary>What the event that asks for a decision says about the reported node.</summary>
public enum TriggerKind
{
    /// <summary>The reported node failed (alarm in ALARM, instance stopping/stopped/terminated, lost heartbeats).</summary>
    NodeFailed,

    /// <summary>The reported node recovered (alarm back to OK, instance running). Never causes a failback.</summary>
    NodeRecovered,

    /// <summary>An operator asked to move the address away from its current owner.</summary>
    Manual,
}
