using System.Net;
using System.Runtime.InteropServices;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// <c>serve</c>: hosts a RelayEngine with one call per line of the plan (caller port, callee port on 127.0.0.1),
/// writes the allocated relay ports, and relays until SIGTERM/SIGINT or stdin closes.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var plan = await File.ReadAllLinesAsync(arguments.Required("plan"));
        string ready = arguments.Required("ready");
        await using var engine = new RelayEngine(new RelayEngineOptions { LoopCount = arguments.Int("loops", Environment.ProcessorCount), BatchSize = arguments.Int("batch", 16) });
        var pool = new PortPool(engine, IPAddress.Loopback, arguments.Int("port-min", 20000), arguments.Int("port-max", 29999));
        var lines = new List<string>(plan.Length);
        foreach (var line in plan)
        {
            var parts = line.Split(' ');
            if (!pool.TryAllocate(false, false, out var facingCaller) || !pool.TryAllocate(false, false, out var facingCallee))
            {
                await Console.Error.WriteLineAsync("Port range exhausted.");
                return 1;
            }

            facingCaller.SetPeer(facingCallee);
            facingCallee.SetPeer(facingCaller);
            facingCaller.ExpectRemote(new IPEndPoint(IPAddress.Loopback, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)), null);
            facingCallee.ExpectRemote(new IPEndPoint(IPAddress.Loopback, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)), null);
            lines.Add($"{facingCaller.RtpPort} {facingCallee.RtpPort}");
        }

        engine.Start();
        await File.WriteAllLinesAsync(ready + ".tmp", lines);
        File.Move(ready + ".tmp", ready);

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        _ = Task.Run(() =>
        {
            while (Console.In.Read() >= 0)
            {
            }

            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        var statistics = engine.Statistics;
        await Console.Error.WriteLineAsync(
            $"relay statistics: received {statistics.PacketsReceived}, relayed {statistics.PacketsRelayed}, dropped {statistics.Dropped}, loop allocations {engine.EventLoopAllocatedBytes} bytes");
        return 0;
    }
}
