namespace RtcOnAws.Constructs.Validation;

/// <summary>One rejected prop: its name, the value given and what is allowed.</summary>
/// <param name="Prop">The prop name, for example <c>RtpPortRange</c>.</param>
/// <param name="Problem">What is wrong with the given value.</param>
/// <param name="Allowed">What values are accepted.</param>
public sealed record PropError(string Prop, string Problem, string Allowed)
{
    /// <inheritdoc />
    public override string ToString() => $"{Prop}: {Problem}; allowed: {Allowed}";
}
