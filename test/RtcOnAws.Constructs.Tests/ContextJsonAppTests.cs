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

    [Fact]
    public async Task The_default_app_run_by_the_cli_for_eu_west_1_pages_on_route_53_health_from_a_us_east_1_stack()
    {
        var repository = RtcApp.FindRepositoryRoot()!;
        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "RtcOnAws.App.dll")], repository,
            TimeSpan.FromMinutes(10), new Dictionary<string, string>
            {
                // What the CLI sets from the profile's region (AWS_REGION, else us-east-1).
                ["CDK_DEFAULT_REGION"] = "eu-west-1",
                ["CDK_CONTEXT_JSON"] = """{"alarmEmail":"oncall@example.com","aws:cdk:bundling-stacks":[]}""",
                ["CDK_OUTDIR"] = _outdir,
            });
        Assert.True(exitCode == 0, output);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outdir, "manifest.json")));
        string Environment(string stack) => manifest.RootElement.GetProperty("artifacts").GetProperty(stack).GetProperty("environment").GetString()!;
        Assert.Equal("aws://unknown-account/eu-west-1", Environment("RtcOnAws-Regional"));
        Assert.Equal("aws://unknown-account/eu-west-1", Environment("RtcOnAws-Global"));
        Assert.Equal("aws://unknown-account/us-east-1", Environment("RtcOnAws-Route53Alarms"));

        using var global = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outdir, "RtcOnAws-Global.template.json")));
        var azChecks = global.RootElement.GetProperty("Resources").EnumerateObject()
            .Count(r => r.Value.GetProperty("Type").GetString() == "AWS::Route53::HealthCheck"
                && r.Value.GetProperty("Properties").GetProperty("HealthCheckConfig").GetProperty("Type").GetString() == "HTTP");
        Assert.DoesNotContain(global.RootElement.GetProperty("Resources").EnumerateObject(), r => r.Value.GetProperty("Type").GetString() == "AWS::CloudWatch::Alarm");

        using var alarmsTemplate = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outdir, "RtcOnAws-Route53Alarms.template.json")));
        var resources = alarmsTemplate.RootElement.GetProperty("Resources").EnumerateObject().ToList();
        var topic = Assert.Single(resources, r => r.Value.GetProperty("Type").GetString() == "AWS::SNS::Topic").Name;
        var subscription = Assert.Single(resources, r => r.Value.GetProperty("Type").GetString() == "AWS::SNS::Subscription").Value.GetProperty("Properties");
        Assert.Equal("oncall@example.com", subscription.GetProperty("Endpoint").GetString());
        var alarms = resources.Where(r => r.Value.GetProperty("Type").GetString() == "AWS::CloudWatch::Alarm").Select(r => r.Value.GetProperty("Properties")).ToList();
        Assert.True(azChecks > 0);
        Assert.Equal(azChecks, alarms.Count);
        Assert.False(alarmsTemplate.RootElement.TryGetProperty("Conditions", out _));
        foreach (var alarm in alarms)
        {
            Assert.Equal("AWS/Route53", alarm.GetProperty("Namespace").GetString());
            Assert.Equal(topic, alarm.GetProperty("AlarmActions")[0].GetProperty("Ref").GetString());
            Assert.Equal(topic, alarm.GetProperty("OKActions")[0].GetProperty("Ref").GetString());
            // The check's id arrives from the eu-west-1 global stack through CDK's cross-region export reader.
            Assert.Contains("/cdk/exports/RtcOnAws-Route53Alarms/", alarm.GetProperty("Dimensions")[0].GetProperty("Value").GetRawText(), StringComparison.Ordinal);
        }

        var (nagExit, nagOutput) = await CdkNagTests.Run(Directory.GetFiles(_outdir, "*.template.json"));
        Assert.True(nagExit == 0, nagOutput);
    }

    public void Dispose() => Directory.Delete(_outdir, recursive: true);
}
