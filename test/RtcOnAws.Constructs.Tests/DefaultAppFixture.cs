using RtcOnAws.App;

namespace RtcOnAws.Constructs.Tests;

/// <summary>The app exactly as <c>cdk synth</c> builds it with no arguments, except that Lambda code is not bundled.</summary>
public sealed class DefaultAppFixture : IDisposable
{
    public DefaultAppFixture()
    {
        RepositoryRoot = RtcApp.FindRepositoryRoot() ?? throw new InvalidOperationException("tests must run inside the repository checkout");
        App = new SynthesizedApp(app => RtcApp.Build(app, RepositoryRoot));
    }

    public string RepositoryRoot { get; }

    public SynthesizedApp App { get; }

    public void Dispose() => App.Dispose();
}
