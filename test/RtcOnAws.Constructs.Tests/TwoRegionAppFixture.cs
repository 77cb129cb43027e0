using RtcOnAws.App;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// The app with every optional part of the way in, as <c>cdk synth -c regions='["us-east-1","eu-west-1"]'
/// -c domain=sip.example.org -c hostedZoneId=Z0EXAMPLE1234567890 -c globalAccelerator=true -c webRtcGateway=true</c> builds it (TLS follows
/// from the zone and the accelerator; Lambda code not bundled).
/// </summary>
public sealed class TwoRegionAppFixture : IDisposable
{
    public TwoRegionAppFixture()
    {
        var root = RtcApp.FindRepositoryRoot() ?? throw new InvalidOperationException("tests must run inside the repository checkout");
        App = new SynthesizedApp(
            app => RtcApp.Build(app, root),
            new Dictionary<string, object>
            {
                ["regions"] = "[\"us-east-1\",\"eu-west-1\"]",
                ["domain"] = "sip.example.org",
                ["hostedZoneId"] = HostedZoneId,
                ["globalAccelerator"] = "true",
                ["webRtcGateway"] = "true",
            });
    }

    public const string HostedZoneId = "Z0EXAMPLE1234567890";

    public SynthesizedApp App { get; }

    public void Dispose() => App.Dispose();
}
