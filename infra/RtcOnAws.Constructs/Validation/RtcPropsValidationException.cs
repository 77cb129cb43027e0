namespace RtcOnAws.Constructs.Validation;

/// <summary>
/// Thrown at synth time when a construct's props are invalid. The message names every bad prop and
/// what is allowed, so one run shows all mistakes instead of one per attempt.
/// </summary>
public sealed class RtcPropsValidationException : ArgumentException
{
    /// <summary>Creates the exception for the construct <paramref name="constructId"/> of type <paramref name="constructType"/>.</summary>
    /// <param name="constructType">The construct class, for example <c>RtcNetwork</c>.</param>
    /// <param name="constructId">The construct id given by the caller.</param>
    /// <param name="errors">One entry per bad prop.</param>
    public RtcPropsValidationException(string constructType, string constructId, IReadOnlyList<PropError> errors)
        : base(FormatMessage(constructType, constructId, errors))
    {
        ConstructType = constructType;
        ConstructId = constructId;
        Errors = errors;
    }

    /// <summary>The construct class whose props were rejected.</summary>
    public string ConstructType { get; }

    /// <summary>The id of the rejected construct.</summary>
    public string ConstructId { get; }

    /// <summary>Every bad prop with what is allowed.</summary>
    public IReadOnlyList<PropError> Errors { get; }

    private static string FormatMessage(string constructType, string constructId, IReadOnlyList<PropError> errors) =>
        $"Invalid props for {constructType} '{constructId}' ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):"
        + string.Concat(errors.Select(e => $"{Environment.NewLine}  - {e}"));
}
