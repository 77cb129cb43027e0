using RtcOnAws.App;

namespace RtcOnAws.Constructs.Tests;

/// <summary>The app as <c>cdk synth -c regions='["us-east-1","eu-west-1"]'</c> builds it (Lambda code not bundled).</summary>
public sealed class TwoRegionAppFixture : IDisposable
{
    public TwoRegionAppFixture()
    {
        var root = RtcApp.FindRepositoryRoot() ?? throw new InvalidOperationException("tests must run inside the repository checkout");
        App = new SynthesizedApp(
            app => RtcApp.Build(app, root),
            new Dictionary<string, object> { ["regions"] = "[\"us-east-1\",\"eu-west-1\"]", ["domain"] = "sip.example.org" });
    }

    public SynthesizedApp App { get; }

    public void Dispose() => App.Dispose();
}
