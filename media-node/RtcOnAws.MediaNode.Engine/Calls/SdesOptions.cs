using RtcOnAws.MediaNode.WebRtc.Sdes;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// The ng <c>SDES</c> list as rtpengine reads it: <c>off</c> (or <c>no</c>) offers no SDES keys, <c>no-SUITE</c>
/// leaves a suite out, <c>only-SUITE</c> keeps only the named suites. Applies to the suites we offer and to the
/// offered lines we accept.
/// </summary>
/// <param name="Disabled">SDES is off for this offer/answer.</param>
/// <param name="Excluded">Suites named by <c>no-</c>.</param>
/// <param name="Only">Suites named by <c>only-</c>; empty means all.</param>
public sealed record SdesOptions(bool Disabled, IReadOnlySet<SrtpProtectionProfile> Excluded, IReadOnlySet<SrtpProtectionProfile> Only)
{
    /// <summary>Every implemented suite, SDES on.</summary>
    public static SdesOptions Default { get; } = new(false, new HashSet<SrtpProtectionProfile>(), new HashSet<SrtpProtectionProfile>());

    /// <summary>The suites we may offer or accept, in our order of preference.</summary>
    public IReadOnlyList<SrtpProtectionProfile> Allowed => Disabled
        ? []
        : SdesSuiteNames.Preference.Where(profile => !Excluded.Contains(profile) && (Only.Count == 0 || Only.Contains(profile))).ToArray();
}
