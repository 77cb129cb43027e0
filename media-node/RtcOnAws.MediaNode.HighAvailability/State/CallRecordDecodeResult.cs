namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>The outcome of decoding one Redis value: a call, or the reason it was rejected.</summary>
public readonly record struct CallRecordDecodeResult(CallRecord? Record, CallRecordRejection? Rejection, string? Error)
{
    /// <summary>True when <see cref="Record"/> is usable.</summary>
    public bool IsValid => Record is not null;

    internal static CallRecordDecodeResult Ok(CallRecord record) => new(record, null, null);

    internal static CallRecordDecodeResult Reject(CallRecordRejection why, string error) => new(null, why, error);
}
