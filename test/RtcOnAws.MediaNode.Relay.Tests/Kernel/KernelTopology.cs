using System.Diagnostics;
using System.Net;

namespace RtcOnAws.MediaNode.Relay.Tests.Kernel;

/// <summary>
/// Three hosts as network namespaces: caller (10.77.1.2, .3) ⇄ relay (10.77.1.1 | 10.77.2.1, IPv4 forwarding on) ⇄
/// callee (10.77.2.2), joined by veth pairs and routed through the relay, with no route out. Names carry the prefix
/// <c>kf-</c> and this process's id; namespaces of a test run that died are deleted at start, ours on dispose and at
/// process exit.
/// </summary>
public sealed class KernelTopology : IDisposable
{
    public static readonly IPAddress CallerAddress = IPAddress.Parse("10.77.1.2");
    public static readonly IPAddress StrangerAddress = IPAddress.Parse("10.77.1.3");
    public static readonly IPAddress RelayCallerSide = IPAddress.Parse("10.77.1.1");
    public static readonly IPAddress RelayCalleeSide = IPAddress.Parse("10.77.2.1");
    public static readonly IPAddress CalleeAddress = IPAddress.Parse("10.77.2.2");

    private const string Prefix = "kf-";
    private int _disposed;

    public KernelTopology()
    {
        string id = $"{Prefix}{Environment.ProcessId}";
        Caller = id + "-a";
        Relay = id + "-r";
        Callee = id + "-b";
        DeleteAbandoned();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        try
        {
            foreach (var name in new[] { Caller, Relay, Callee })
            {
                Ip($"netns add {name}");
                Ip($"-n {name} link set lo up");
            }

            Ip($"link add kfa0 netns {Caller} type veth peer name kfr0 netns {Relay}");
            Ip($"link add kfb0 netns {Callee} type veth peer name kfr1 netns {Relay}");
            Ip($"-n {Caller} addr add {CallerAddress}/24 dev kfa0");
            Ip($"-n {Caller} addr add {StrangerAddress}/24 dev kfa0");
            Ip($"-n {Relay} addr add {RelayCallerSide}/24 dev kfr0");
            Ip($"-n {Relay} addr add {RelayCalleeSide}/24 dev kfr1");
            Ip($"-n {Callee} addr add {CalleeAddress}/24 dev kfb0");
            Ip($"-n {Caller} link set kfa0 up");
            Ip($"-n {Relay} link set kfr0 up");
            Ip($"-n {Relay} link set kfr1 up");
            Ip($"-n {Callee} link set kfb0 up");
            Ip($"-n {Caller} route add 10.77.2.0/24 via {RelayCallerSide}");
            Ip($"-n {Callee} route add 10.77.1.0/24 via {RelayCalleeSide}");
            Run("ip", $"netns exec {Relay} sysctl -qw net.ipv4.ip_forward=1");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Caller { get; }

    public string Relay { get; }

    public string Callee { get; }

    /// <summary>Runs <c>nft ARGS</c> in the relay's namespace (tests read kernel state back with it); returns stdout, or null on failure.</summary>
    public string? Nft(string arguments)
    {
        var (exitCode, output) = Run("ip", $"netns exec {Relay} nft {arguments}", throwOnError: false);
        return exitCode == 0 ? output : null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var name in new[] { Caller, Relay, Callee })
        {
            Run("ip", $"netns del {name}", throwOnError: false);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private static void DeleteAbandoned()
    {
        var (_, list) = Run("ip", "netns list", throwOnError: false);
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var parts = name.Split('-');
            if (parts.Length == 3 && parts[0] + "-" == Prefix && int.TryParse(parts[1], out int pid) && !Directory.Exists($"/proc/{pid}"))
            {
                Run("ip", $"netns del {name}", throwOnError: false);
            }
        }
    }

    private static void Ip(string arguments) => Run("ip", arguments);

    private static (int ExitCode, string Output) Run(string file, string arguments, bool throwOnError = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill();
            throw new TimeoutException($"{file} {arguments} did not finish within 20 s.");
        }

        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error.Result}");
        }

        return (process.ExitCode, output.Result);
    }
}
