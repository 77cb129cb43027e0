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
    /// <param name="defaultRegion">
    /// The region the CDK CLI deploys to (<c>CDK_DEFAULT_REGION</c>: from the profile or <c>AWS_REGION</c>, else us-east-1
    /// as the AWS CLI does). Without <c>regions</c> the stacks are pinned to it, so that Route 53's health alarms can get a
    /// us-east-1 stack of their own; <c>null</c> (the app run without the CLI) leaves them environment-agnostic.
    /// </param>
    public static IReadOnlyList<Stack> Build(Amazon.CDK.App app, string? repositoryRoot, string? defaultRegion = null)
    {
        var settings = AppSettings.FromContext(app);
        var build = repositoryRoot is null ? null : new RepositoryBuild(repositoryRoot);
        var functions = build is null ? null : new RepositoryFunctionCode(build);
        var mediaNode = build is null ? null : new RepositoryMediaNodeCode(build);
        var explicitRegions = settings.Regions.Count > 0;
        var cliRegion = string.IsNullOrEmpty(defaultRegion) ? null : defaultRegion;
        var pinned = explicitRegions || cliRegion is not null;
        // Without regions the account stays unresolved even when the CLI knows it: a known account and region would make
        // the VPC look its availability zones up (credentials at synth) instead of using Fn::GetAZs.
        var account = explicitRegions ? System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT") : null;
        Amazon.CDK.Environment? Env(string region) => pinned ? new Amazon.CDK.Environment { Region = region, Account = account } : null;

        // No regions configured: one regional stack in the CLI's region, or environment-agnostic without the CLI.
        var regions = explicitRegions ? settings.Regions : [cliRegion ?? ""];
        var regional = new List<RegionalRtcStack>();
        foreach (var region in regions)
        {
            regional.Add(new RegionalRtcStack(app, explicitRegions ? $"{StackPrefix}-{region}" : $"{StackPrefix}-Regional", new RegionalRtcStackProps
            {
                Env = Env(region),
                CrossRegionReferences = pinned,
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
            Env = Env(explicitRegions ? GlobalRegion : regions[0]),
            CrossRegionReferences = pinned,
            Description = "RtcOnAws global entry: Global Accelerator and SIP DNS records",
            Domain = settings.Domain,
            HostedZone = regional[0].HostedZone,
            Regions = regional,
            ShieldAdvanced = settings.ShieldAdvanced,
            GlobalAccelerator = settings.GlobalAccelerator,
            Tls = settings.Tls,
        });
        return Route53HealthAlarmsStack(app, global, settings.AlarmEmail, Env) is { } alarms ? [.. regional, global, alarms] : [.. regional, global];
    }

    /// <summary>
    /// Route 53 publishes health-check metrics only in us-east-1, and an alarm notifies only a topic of its own region: the
    /// alarms join the global stack when that is in us-east-1 (or has no region: they are then created only if it is
    /// deployed there, and synth warns), else they get a us-east-1 stack of their own, returned.
    /// </summary>
    private static Stack? Route53HealthAlarmsStack(Amazon.CDK.App app, GlobalRtcStack global, string? alarmEmail, Func<string, Amazon.CDK.Environment?> env)
    {
        Stack? own = null;
        if (!Token.IsUnresolved(global.Region) && global.Region != Route53HealthAlarms.MetricsRegion)
        {
            own = new Stack(app, $"{StackPrefix}-Route53Alarms", new StackProps
            {
                Env = env(Route53HealthAlarms.MetricsRegion),
                CrossRegionReferences = true,
                Description = "RtcOnAws Route 53 health-check alarms (us-east-1, where Route 53 publishes its metrics) and their topic",
            });
            CrossRegionReferenceFindings.Acknowledge(own);
        }
        _ = new Route53HealthAlarms(own ?? global, "Route53HealthAlarms", new Route53HealthAlarmsProps
        {
            HealthChecks = global.AzHealthChecks,
            AlarmEmail = alarmEmail,
        });
        return own;
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
