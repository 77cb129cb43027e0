using Amazon.CDK;
using RtcOnAws.Constructs.Operations;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.App;

/// <summary>Builds the app's stacks from its settings: one regional stack per region plus one global stack.</summary>
internal static class RtcApp
{
    public const string StackPrefix = "RtcOnAws";

    /// <summary>Global Accelerator's control plane lives in us-west-2, so the global stack is deployed there.</summary>
    public const string GlobalRegion = "us-west-2";

    /// <summary>Adds every stack to <paramref name="app"/>.</summary>
    /// <param name="app">The CDK app.</param>
    /// <param name="repositoryRoot">
    /// Checkout to build the Lambda functions and the media relay from; <c>null</c> uses the constructs' stand-in function
    /// code and installs no media relay (synth then warns that nothing publishes the SBC heartbeat).
    /// </param>
    public static IReadOnlyList<Stack> Build(Amazon.CDK.App app, string? repositoryRoot)
    {
        var settings = AppSettings.FromContext(app);
        var build = repositoryRoot is null ? null : new RepositoryBuild(repositoryRoot);
        var functions = build is null ? null : new RepositoryFunctionCode(build);
        var mediaNode = build is null ? null : new RepositoryMediaNodeCode(build);
        var explicitRegions = settings.Regions.Count > 0;
        var account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT");
        Amazon.CDK.Environment? Env(string region) => explicitRegions ? new Amazon.CDK.Environment { Region = region, Account = account } : null;

        // No regions configured: environment-agnostic stacks, deployable to whatever region the CLI targets.
        var regions = explicitRegions ? settings.Regions : [""];
        var regional = new List<RegionalRtcStack>();
        foreach (var region in regions)
        {
            regional.Add(new RegionalRtcStack(app, explicitRegions ? $"{StackPrefix}-{region}" : $"{StackPrefix}-Regional", new RegionalRtcStackProps
            {
                Env = Env(region),
                CrossRegionReferences = explicitRegions,
                Description = "RtcOnAws regional SIP/RTP/WebRTC edge: SBC pairs, load balancers, session store, failover automation",
                Domain = settings.Domain,
                // The first region owns the hosted zone (unless one is imported); the others reference it.
                HostedZone = regional.Count == 0 ? null : regional[0].HostedZone,
                ExistingHostedZoneId = settings.HostedZoneId,
                ShieldAdvanced = settings.ShieldAdvanced,
                SipLoadBalancer = settings.GlobalAccelerator,
                Tls = settings.Tls,
                WebRtcGateway = settings.WebRtcGateway,
                AlarmEmail = settings.AlarmEmail,
                SipRouting = settings.SipUpstreams is { Count: > 0 } upstreams ? new SipRouting { Upstreams = upstreams } : null,
                FloatingIpFailoverCode = functions?.FloatingIpFailover(),
                LifecycleDnsCode = functions?.LifecycleDns(),
                MediaNodeCode = mediaNode is null ? null : mediaNode.ForStack,
            }));
        }

        var global = new GlobalRtcStack(app, $"{StackPrefix}-Global", new GlobalRtcStackProps
        {
            Env = explicitRegions ? Env(GlobalRegion) : null,
            CrossRegionReferences = explicitRegions,
            Description = "RtcOnAws global entry: Global Accelerator and SIP DNS records",
            Domain = settings.Domain,
            HostedZone = regional[0].HostedZone,
            Regions = regional,
            ShieldAdvanced = settings.ShieldAdvanced,
            GlobalAccelerator = settings.GlobalAccelerator,
            Tls = settings.Tls,
            AlarmEmail = settings.AlarmEmail,
        });
        if (!explicitRegions)
        {
            return [.. regional, global];
        }

        // Route 53 publishes health-check metrics only in us-east-1, and an alarm notifies only a topic of its region.
        var route53Alarms = new Stack(app, $"{StackPrefix}-Route53Alarms", new StackProps
        {
            Env = Env(Route53HealthAlarms.MetricsRegion),
            CrossRegionReferences = true,
            Description = "RtcOnAws Route 53 health-check alarms (us-east-1, where Route 53 publishes its metrics) and their topic",
        });
        CrossRegionReferenceFindings.Acknowledge(route53Alarms);
        _ = new Route53HealthAlarms(route53Alarms, "Route53HealthAlarms", new Route53HealthAlarmsProps
        {
            HealthChecks = global.AzHealthChecks,
            AlarmEmail = settings.AlarmEmail,
        });
        return [.. regional, global, route53Alarms];
    }

    /// <summary>The checkout holding RtcOnAws.sln at or above the current directory, or <c>null</c>.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RtcOnAws.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
