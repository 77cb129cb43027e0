namespace RtcOnAws.MediaNode.Relay;

/// <summary>What the source check decided for one datagram.</summary>
[Flags]
internal enum LearningVerdict
{
    /// <summary>Drop: the source is not the expected or learned endpoint.</summary>
    Reject = 0,

    /// <summary>Relay the datagram.</summary>
    Accept = 1,

    /// <summary>This datagram made the learner commit to an endpoint (tell the control plane).</summary>
    Learned = 2,

    /// <summary>Relay, and the endpoint was learned from this datagram.</summary>
    AcceptAndLearned = Accept | Learned,
}
