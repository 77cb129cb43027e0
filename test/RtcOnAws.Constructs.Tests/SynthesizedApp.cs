using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// A CDK app synthesized once into a temp folder: assertion <see cref="Template"/>s and the raw template JSON
/// of every stack. Bundling is switched off, so no Lambda code is built by tests.
/// </summary>
public sealed class SynthesizedApp : IDisposable
{
    private readonly string _outdir;
    private readonly Dictionary<string, Stack> _stacks;

    public SynthesizedApp(Func<Amazon.CDK.App, IEnumerable<Stack>> build, IDictionary<string, object>? context = null)
    {
        _outdir = Directory.CreateTempSubdirectory("rtconaws-synth-").FullName;
        App = NewApp(_outdir, context);
        _stacks = build(App).ToDictionary(stack => stack.StackName);
        var assembly = App.Synth();
        Json = _stacks.Keys.ToDictionary(
            name => name,
            name => JsonDocument.Parse(File.ReadAllText(Path.Combine(assembly.Directory, assembly.GetStackByName(name).TemplateFile))).RootElement.Clone());
    }

    public Amazon.CDK.App App { get; }

    public IReadOnlyDictionary<string, JsonElement> Json { get; }

    public IReadOnlyCollection<string> StackNames => _stacks.Keys;

    public Template Template(string stackName) => Amazon.CDK.Assertions.Template.FromStack(_stacks[stackName]);

    public Stack Stack(string stackName) => _stacks[stackName];

    /// <summary>A fresh app that skips bundling, writing to <paramref name="outdir"/> (or a temp folder CDK picks).</summary>
    public static Amazon.CDK.App NewApp(string? outdir = null, IDictionary<string, object>? context = null)
    {
        var fullContext = new Dictionary<string, object> { ["aws:cdk:bundling-stacks"] = Array.Empty<string>() };
        foreach (var (key, value) in context ?? new Dictionary<string, object>())
        {
            fullContext[key] = value;
        }
        return new Amazon.CDK.App(new AppProps { Outdir = outdir, Context = fullContext });
    }

    /// <summary>Every resource of <paramref name="type"/> in <paramref name="stackName"/>, by logical id.</summary>
    public IEnumerable<(string Id, JsonElement Properties)> Resources(string stackName, string type) =>
        Json[stackName].GetProperty("Resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("Type").GetString() == type)
            .Select(r => (r.Name, r.Value.TryGetProperty("Properties", out var p) ? p : default));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outdir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run over cleanup.
        }
    }
}
