using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.Bench.Relay;

/// <summary>A relay process under test: started on loopback, given calls, measured from outside through /proc.</summary>
internal abstract class RelayUnderTest : IAsyncDisposable
{
    private Process? _process;

    public abstract string Name { get; }

    /// <summary>How it was started, for the report.</summary>
    public string CommandLine { get; private set; } = string.Empty;

    public int Pid => _process?.Id ?? throw new InvalidOperationException("Not started.");

    /// <summary>False for the direct baseline, which runs no process (no process CPU or memory to read).</summary>
    public virtual bool HasProcess => true;

    /// <summary>Where the callers and the callees send: the relay, or (the baseline) each other.</summary>
    public virtual (IPAddress ForCaller, IPAddress ForCallee) Destinations(BenchNetwork network) => (network.RelayAddress, network.RelayAddress);

    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Sets up one call per (caller, callee) user-agent port pair; returns the relay port each must send to.</summary>
    public abstract Task<(int ForCaller, int ForCallee)[]> SetUpCallsAsync(int[] callerPorts, int[] calleePorts, CancellationToken cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // SIGTERM first so the relay can report its own counters (visible with RELAY_BENCH_VERBOSE=1).
            Native.kill(_process.Id, Native.SIGTERM);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
    }

    protected static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    protected void Launch(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        CommandLine = $"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)}";
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && Environment.GetEnvironmentVariable("RELAY_BENCH_VERBOSE") == "1")
            {
                Console.Error.WriteLine($"[{Name}] {line}");
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    protected void ThrowIfExited()
    {
        if (_process is { HasExited: true } exited)
        {
            throw new InvalidOperationException($"{Name} exited with code {exited.ExitCode}: {CommandLine}");
        }
    }

    /// <summary>Waits until the ng port answers ping.</summary>
    protected async Task WaitForPingAsync(NgClient client, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            ThrowIfExited();
            try
            {
                var reply = await client.RequestAsync([new("command", "ping")], cancellationToken);
                if (reply.GetValueOrDefault("result") == "pong")
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is TimeoutException or SocketException && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not answer ping within 60 s.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
