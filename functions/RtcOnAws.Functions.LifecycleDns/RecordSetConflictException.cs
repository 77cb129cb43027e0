using RtcOnAws.Aws;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>
/// A record kept changing under concurrent writers: every compare-and-swap batch of the allowed attempts was rejected
/// (InvalidChangeBatch) because the values it deleted were no longer the current ones, or the invocation's deadline came
/// first. <see cref="Exception.InnerException"/> is the last rejection.
/// </summary>
internal sealed class RecordSetConflictException(string name, string type, int attempts, AwsServiceException? lastRejection)
    : Exception($"{name} {type} kept changing under concurrent writers; gave up after {attempts} rejected change batch(es)"
                + (lastRejection is null ? "" : $"; last rejection: {lastRejection.ErrorMessage}"), lastRejection)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public int Attempts { get; } = attempts;
}
