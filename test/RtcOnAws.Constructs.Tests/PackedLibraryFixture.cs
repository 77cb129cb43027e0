using System.IO.Compression;
using RtcOnAws.App;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// Packs RtcOnAws.Constructs and the RtcOnAws.Sbc.Contracts it depends on into a local folder, then builds and synthesizes a minimal CDK app outside the repository
/// that references the packed package (and nothing of this repository) from that folder.
/// </summary>
public sealed class PackedLibraryFixture : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private readonly string _root = Directory.CreateTempSubdirectory("rtconaws-package-").FullName;

    /// <summary>A version no other run uses, so the NuGet cache can never serve a stale copy.</summary>
    public string Version { get; } = $"0.0.0-test{DateTime.UtcNow:yyyyMMddHHmmss}{Environment.ProcessId}";

    public string Feed => Path.Combine(_root, "feed");

    public string PackagePath => Path.Combine(Feed, $"RtcOnAws.Constructs.{Version}.nupkg");

    public string SymbolsPath => Path.Combine(Feed, $"RtcOnAws.Constructs.{Version}.snupkg");

    public string CdkOut => Path.Combine(_root, "cdk.out");

    public string SynthOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var repository = RtcApp.FindRepositoryRoot() ?? throw new InvalidOperationException("tests must run inside the repository checkout");
        // The construct library depends on the contracts package of the same version: both go to the feed.
        foreach (var project in new[] { "RtcOnAws.Sbc.Contracts", "RtcOnAws.Constructs" })
        {
            await Run("dotnet", ["pack", Path.Combine(repository, "infra", project, $"{project}.csproj"), "-c", "Release",
                "-o", Feed, $"-p:Version={Version}", "--artifacts-path", Path.Combine(_root, "artifacts"), "--nologo"], repository);
        }

        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);
        // Empty props files stop MSBuild from climbing to any parent's central package management.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="rtconaws-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "SmokeApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RtcOnAws.Constructs" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Amazon.CDK;
            using RtcOnAws.Constructs.Failover;
            using RtcOnAws.Constructs.Network;
            using RtcOnAws.Constructs.Sbc;
            using RtcOnAws.Constructs.State;

            var app = new App();
            var stack = new Stack(app, "PackageSmoke");
            var network = new RtcNetwork(stack, "Network");
            var pair = new SbcPair(stack, "Pair", new SbcPairProps { Network = network, Placement = SbcPairPlacement.AcrossAzs });
            _ = new SessionStore(stack, "Store", new SessionStoreProps { Network = network });
            _ = new FailoverAutomation(stack, "Failover", new FailoverAutomationProps { Pairs = [pair] });
            app.Synth();
            """);

        await Run("dotnet", ["build", "--nologo"], app);
        SynthOutput = await Run("dotnet", ["run", "--no-build"], app, new Dictionary<string, string> { ["CDK_OUTDIR"] = CdkOut });
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
            foreach (var package in new[] { "rtconaws.constructs", "rtconaws.sbc.contracts" })
            {
                var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), package, Version.ToLowerInvariant());
                if (Directory.Exists(cached))
                {
                    Directory.Delete(cached, recursive: true);
                }
            }
        }
        catch (IOException)
        {
            // Leftover temp files are harmless; never fail a run over cleanup.
        }
        return Task.CompletedTask;
    }

    public static IReadOnlyList<string> Entries(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private static async Task<string> Run(string fileName, string[] arguments, string directory, IDictionary<string, string>? environment = null)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync(fileName, arguments, directory, StepTimeout, environment);
        Assert.True(exitCode == 0, $"{fileName} {string.Join(' ', arguments)} failed with exit code {exitCode}:{Environment.NewLine}{output}");
        return output;
    }
}
