using RtcOnAws.App;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// cdk-nag's AwsSolutions pack over every template of the synthesized default and two-region apps (npm cdk-nag through
/// CfnInclude, scripts/cdk-nag.js): every finding is fixed or acknowledged on its resource with a reason.
/// </summary>
[Collection(CdkCollection.Name)]
public sealed class CdkNagTests(DefaultAppFixture defaultApp, TwoRegionAppFixture twoRegionApp)
{
    [Fact]
    public async Task The_default_app_has_no_unacknowledged_aws_solutions_finding() => await AssertClean(defaultApp.App);

    [Fact]
    public async Task The_two_region_app_with_accelerator_and_tls_has_no_unacknowledged_aws_solutions_finding() => await AssertClean(twoRegionApp.App);

    [Fact]
    public async Task The_check_reports_findings_whose_acknowledgements_are_removed()
    {
        var template = Directory.GetFiles(defaultApp.App.App.Outdir, "RtcOnAws-Regional.template.json").Single();
        var stripped = Path.Combine(Directory.CreateTempSubdirectory("rtconaws-nag-").FullName, "Stripped.template.json");
        try
        {
            File.WriteAllText(stripped, File.ReadAllText(template).Replace("\"cdk_nag\"", "\"not_cdk_nag\"", StringComparison.Ordinal));
            var (exitCode, output) = await Run([stripped]);
            Assert.Equal(1, exitCode);
            Assert.Contains("AwsSolutions-EC23", output, StringComparison.Ordinal);
            Assert.Contains("AwsSolutions-EC29", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(stripped)!, recursive: true);
        }
    }

    private static async Task AssertClean(SynthesizedApp app)
    {
        var templates = Directory.GetFiles(app.App.Outdir, "*.template.json");
        Assert.NotEmpty(templates);
        var (exitCode, output) = await Run(templates);
        Assert.True(exitCode == 0, output);
    }

    /// <summary>Runs scripts/cdk-nag.js over <paramref name="templates"/>.</summary>
    internal static Task<(int ExitCode, string Output)> Run(IEnumerable<string> templates)
    {
        var root = RtcApp.FindRepositoryRoot()!;
        return ProcessRunner.RunAsync("node", [Path.Combine(root, "scripts", "cdk-nag.js"), .. templates], root, TimeSpan.FromMinutes(5));
    }
}
