namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>What an event asks of the instance's address in DNS.</summary>
internal enum DnsIntent
{
    /// <summary>Publish it (launch lifecycle action).</summary>
    Add,

    /// <summary>Withdraw it (terminate lifecycle action, instance stopping or gone).</summary>
    Remove,

    /// <summary>Publish it again if an Auto Scaling group owns the instance (it came back after a stop).</summary>
    AddIfAutoScaled,

    /// <summary>Nothing to do (e.g. an instance entering pending).</summary>
    Ignore,
}
