using Amazon.CDK;

namespace RtcOnAws.App;

/// <summary>Builds the app's stacks from its settings: one regional stack per region.</summary>
internal static class RtcApp
{
    public const string StackPrefix = "RtcOnAws";

    /// <summary>Adds every stack to <paramref name="app"/>.</summary>
    /// <param name="app">The CDK app.</param>
    /// <param name="repositoryRoot">Checkout to build the Lambda functions from; <c>null</c> uses the constructs' stand-in code.</param>
    public static IReadOnlyList<RegionalRtcStack> Build(Amazon.CDK.App app, string? repositoryRoot)
    {
        var settings = AppSettings.FromContext(app);
        var functions = repositoryRoot is null ? null : new RepositoryFunctionCode(repositoryRoot);
        // No regions configured: one environment-agnostic stack, deployable to whatever region the CLI targets.
        var regions = settings.Regions.Count == 0 ? [(string?)null] : settings.Regions.Select(r => (string?)r).ToArray();
        return regions.Select(region => new RegionalRtcStack(app, region is null ? $"{StackPrefix}-Regional" : $"{StackPrefix}-{region}", new RegionalRtcStackProps
        {
            Env = region is null ? null : new Amazon.CDK.Environment { Region = region, Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT") },
            Description = "RtcOnAws regional SIP/RTP edge: SBC pairs, session store, failover automation",
            Domain = settings.Domain,
            FloatingIpFailoverCode = functions?.FloatingIpFailover(),
            LifecycleDnsCode = functions?.LifecycleDns(),
        })).ToArray();
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
