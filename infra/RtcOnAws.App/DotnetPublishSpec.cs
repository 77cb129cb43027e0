namespace RtcOnAws.App;

/// <summary>
/// What the app publishes from this repository at synth: a project, its <c>dotnet publish</c> arguments, the executable
/// the output must contain, and the folders whose sources the result depends on (the asset hash covers them).
/// </summary>
/// <param name="ProjectPath">The .csproj, relative to the repository root.</param>
/// <param name="Arguments">Publish arguments after the project path; part of the asset hash.</param>
/// <param name="Executable">File the publish must produce at the root of its output.</param>
/// <param name="SourceFolders">Repository folders the project builds from (its own and those of its project references).</param>
internal sealed record DotnetPublishSpec(string ProjectPath, IReadOnlyList<string> Arguments, string Executable, IReadOnlyList<string> SourceFolders)
{
    /// <summary>
    /// Self-contained linux-x64 with ReadyToRun, without trimming (not validated for these projects). ReadyToRun beats the
    /// JIT build where the node spends its time (BENCHMARKS.md, bench/media-node-aot.sh): start-up to a ready ng socket
    /// 155 vs 193 ms, a standby's cold restore 395 vs 426 ms, relay CPU per packet at call rates 5.16 vs 6.44 µs (equal
    /// flat out), for 12 MiB more. Its cost is crossgen at the first synth of a source change: 34 s of CPU for the 17
    /// assemblies it compiles (the runtime pack ships precompiled), measured on the shared 2-core machine.
    /// </summary>
    private static readonly string[] SelfContainedLinuxX64 =
    [
        "-c", "Release", "-r", "linux-x64", "--self-contained", "true",
        "-p:PublishReadyToRun=true", "-p:PublishTrimmed=false", "-p:DebugType=none", "-p:GenerateDocumentationFile=false",
        "--nologo", "-v", "quiet",
    ];

    /// <summary>
    /// A Lambda function for <c>provided.al2023</c>: one native executable <c>bootstrap</c> (Native AOT, which the function
    /// projects set: no JIT at cold start). The machine that synthesizes needs clang besides dotnet, node and npm.
    /// </summary>
    /// <param name="projectName">Project folder and file name under <c>functions/</c>.</param>
    public static DotnetPublishSpec LambdaFunction(string projectName) => new(
        $"functions/{projectName}/{projectName}.csproj",
        ["-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:DebugType=none", "-p:GenerateDocumentationFile=false", "--nologo", "-v", "quiet"],
        "bootstrap",
        ["functions"]);

    /// <summary>The media relay for the SBC nodes: a self-contained folder with <c>RtcOnAws.MediaNode</c> at its root.</summary>
    public static DotnetPublishSpec MediaNode { get; } = new(
        "media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj",
        SelfContainedLinuxX64,
        "RtcOnAws.MediaNode",
        // The high-availability layer references functions/RtcOnAws.Aws (IMDSv2) and functions/RtcOnAws.Failover.Ec2; the host
        // takes its flag names and default ports from infra/RtcOnAws.Sbc.Contracts.
        ["media-node", "functions", "infra/RtcOnAws.Sbc.Contracts"]);

    /// <summary>The project's name (its file name without extension).</summary>
    public string ProjectName => Path.GetFileNameWithoutExtension(ProjectPath);
}
