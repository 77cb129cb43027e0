using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// media-node's RelayEngine hosted by this tool's own <c>serve</c> subcommand in a separate process (so its CPU is
/// measured apart from the load generator): the calls are handed over in a plan file instead of the ng protocol.
/// </summary>
internal sealed class EngineRelay(string name, int loops, int batch, int portMin, int portMax) : RelayUnderTest
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-bench-").FullName;

    public override string Name => name;

    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<(int ForCaller, int ForCallee)[]> SetUpCallsAsync(int[] callerPorts, int[] calleePorts, CancellationToken cancellationToken)
    {
        string plan = Path.Combine(_directory, "plan.txt");
        string ready = Path.Combine(_directory, "ports.txt");
        await File.WriteAllLinesAsync(plan, callerPorts.Select((port, i) => $"{port} {calleePorts[i]}"), cancellationToken);
        var (fileName, prefix) = SelfCommand();
        Launch(fileName, [.. prefix, "serve", "--plan", plan, "--ready", ready, "--loops", loops.ToString(CultureInfo.InvariantCulture), "--batch", batch.ToString(CultureInfo.InvariantCulture),
            "--port-min", portMin.ToString(CultureInfo.InvariantCulture), "--port-max", portMax.ToString(CultureInfo.InvariantCulture)]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(ready))
        {
            ThrowIfExited();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The media-node relay did not get ready within 60 s.");
            }

            await Task.Delay(100, cancellationToken);
        }

        var lines = await File.ReadAllLinesAsync(ready, cancellationToken);
        return [.. lines.Select(line => line.Split(' ')).Select(parts => (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)))];
    }

    /// <summary>How to start this tool again: the apphost, or <c>dotnet</c> with this assembly.</summary>
    public static (string FileName, string[] Prefix) SelfCommand()
    {
        string process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(EngineRelay).Assembly.Location])
            : (process, []);
    }
}
