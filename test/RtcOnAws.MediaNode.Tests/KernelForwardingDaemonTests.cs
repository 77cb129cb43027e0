using System.Diagnostics;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The daemon's nftables table in a network namespace of its own (prefix <c>kf-</c>, deleted on every exit path):
/// present while it runs, gone after a crash (the kernel deletes a table owned by a dead process's netlink socket)
/// and after a clean stop; <c>on</c> refuses to start where the kernel path is unavailable.
/// </summary>
public sealed class KernelForwardingDaemonTests
{
    private const string Table = "rtconaws_20000_20099";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_table_lives_as_long_as_the_daemon_even_when_it_crashes()
    {
        var name = $"kf-{Environment.ProcessId}-d";
        Run("ip", $"netns add {name}");
        try
        {
            Run("ip", $"-n {name} link set lo up");
            Run("ip", $"netns exec {name} sysctl -qw net.ipv4.ip_forward=1");

            await using (var daemon = await StartAsync(name))
            {
                Assert.True(Run("ip", $"netns exec {name} nft list table ip {Table}", throwOnError: false) == 0, daemon.Output);
                daemon.Crash();
                Assert.True(await daemon.WaitForExitAsync(Wait), daemon.Output);
            }

            Assert.NotEqual(0, Run("ip", $"netns exec {name} nft list table ip {Table}", throwOnError: false));

            await using (var restarted = await StartAsync(name))
            {
                Assert.True(Run("ip", $"netns exec {name} nft list table ip {Table}", throwOnError: false) == 0, restarted.Output);
                restarted.Terminate();
                Assert.True(await restarted.WaitForExitAsync(Wait), restarted.Output);
                Assert.Equal(0, restarted.ExitCode);
            }

            Assert.NotEqual(0, Run("ip", $"netns exec {name} nft list table ip {Table}", throwOnError: false));

            Run("ip", $"netns exec {name} sysctl -qw net.ipv4.ip_forward=0");
            await using var refused = ChildProcess.Start("ip", Arguments(name));
            Assert.True(await refused.WaitForExitAsync(Wait), refused.Output);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("ip_forward", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            Run("ip", $"netns del {name}", throwOnError: false);
        }
    }

    private static async Task<ChildProcess> StartAsync(string name)
    {
        var daemon = ChildProcess.Start("ip", Arguments(name));
        var deadline = Stopwatch.StartNew();
        while (!daemon.Output.Contains("media-node started", StringComparison.Ordinal))
        {
            if (daemon.HasExited || deadline.Elapsed > Wait)
            {
                await daemon.DisposeAsync();
                throw new InvalidOperationException($"media-node did not start: {daemon.Output}");
            }

            await Task.Delay(20);
        }

        Assert.Contains($"on (nftables table ip {Table})", daemon.Output, StringComparison.Ordinal);
        return daemon;
    }

    private static string[] Arguments(string name) =>
    [
        "netns", "exec", name, "dotnet", Path.Combine(AppContext.BaseDirectory, "RtcOnAws.MediaNode.dll"),
        MediaNodeFlags.Interface, "127.0.0.1", MediaNodeFlags.ListenNg, "127.0.0.1:22222", MediaNodeFlags.ListenHttp, "off",
        MediaNodeFlags.PortMin, "20000", MediaNodeFlags.PortMax, "20099", MediaNodeFlags.KernelForwarding, "on", "--log-format", "text",
    ];

    private static int Run(string file, string arguments, bool throwOnError = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {error.Result}");
        }

        return process.ExitCode;
    }
}
