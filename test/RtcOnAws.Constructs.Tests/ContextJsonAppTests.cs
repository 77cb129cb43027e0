using System.Text.Json;
using RtcOnAws.App;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>Runs the app executable the way the CDK CLI does: context through <c>CDK_CONTEXT_JSON</c>, output to <c>CDK_OUTDIR</c>.</summary>
public sealed class ContextJsonAppTests : IDisposable
{
    private readonly string _outdir = Directory.CreateTempSubdirectory("rtconaws-context-").FullName;

    [Fact]
    public async Task Regions_and_domain_given_through_cdk_context_json_synthesize_every_stack()
    {
        var repository = RtcApp.FindRepositoryRoot()!;
        var appDll = Path.Combine(AppContext.BaseDirectory, "RtcOnAws.App.dll");
        var context = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["regions"] = new[] { "ap-southeast-2", "sa-east-1" },
            ["domain"] = "sip.example.net",
            ["hostedZoneId"] = "Z0EXAMPLE1234567890",
            ["globalAccelerator"] = "true",
            ["shieldAdvanced"] = "true",
            // Tests never build the Lambda code.
            ["aws:cdk:bundling-stacks"] = Array.Empty<string>(),
        });
        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", [appDll], repository, TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["CDK_CONTEXT_JSON"] = context, ["CDK_OUTDIR"] = _outdir });

        Assert.True(exitCode == 0, output);
        foreach (var stack in new[] { "RtcOnAws-ap-southeast-2", "RtcOnAws-sa-east-1", "RtcOnAws-Global" })
        {
            Assert.True(File.Exists(Path.Combine(_outdir, $"{stack}.template.json")), $"{stack} missing; output:{Environment.NewLine}{output}");
        }
        var global = File.ReadAllText(Path.Combine(_outdir, "RtcOnAws-Global.template.json"));
        Assert.Contains("_sips._tcp.sip.example.net.", global, StringComparison.Ordinal);
        Assert.Contains("AWS::Shield::Protection", global, StringComparison.Ordinal);
        Assert.Contains("AWS::Shield::Protection", File.ReadAllText(Path.Combine(_outdir, "RtcOnAws-sa-east-1.template.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_context_value_fails_synth_naming_the_key()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "RtcOnAws.App.dll")], RtcApp.FindRepositoryRoot()!,
            TimeSpan.FromMinutes(10), new Dictionary<string, string>
            {
                ["CDK_CONTEXT_JSON"] = """{"regions":"us-east-1,not a region","aws:cdk:bundling-stacks":[]}""",
                ["CDK_OUTDIR"] = _outdir,
            });
        Assert.NotEqual(0, exitCode);
        Assert.Contains("context 'regions': 'not a region' is not an AWS region name", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_outdir, "manifest.json")));
    }

    public void Dispose() => Directory.Delete(_outdir, recursive: true);
}
