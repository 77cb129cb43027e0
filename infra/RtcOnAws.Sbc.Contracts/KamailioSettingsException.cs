namespace RtcOnAws.Sbc.Contracts;

/// <summary>Thrown by <see cref="KamailioConfig.Render"/> for settings Kamailio would refuse or that would make an unsafe proxy; the message lists every problem.</summary>
public sealed class KamailioSettingsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">One sentence per bad setting, naming it.</param>
    public KamailioSettingsException(IReadOnlyList<string> problems)
        : base("invalid Kamailio settings: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    /// <summary>One sentence per bad setting, naming it.</summary>
    public IReadOnlyList<string> Problems { get; }
}
