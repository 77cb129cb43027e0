using System.Net;
using System.Net.Sockets;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// A real Kamailio 5.6 in the foreground running the SBC's own config, rendered by <see cref="KamailioConfig"/>, on a
/// free loopback port, with its rtpengine module driving the media-node at <c>ng</c>.
/// </summary>
internal sealed class KamailioProxy : IAsyncDisposable
{
    private readonly string _directory;

    private KamailioProxy(ChildProcess process, IPEndPoint sip, string directory, KamailioSettings settings)
    {
        Process = process;
        Sip = sip;
        _directory = directory;
        Settings = settings;
    }

    public ChildProcess Process { get; }

    public IPEndPoint Sip { get; }

    public KamailioSettings Settings { get; }

    /// <summary>The control socket for <c>kamcmd -s</c>.</summary>
    public string ControlSocket => Settings.ControlSocket;

    /// <summary>
    /// Starts Kamailio with the SBC config for <paramref name="domain"/> and <paramref name="routing"/>, on 127.0.0.1 and a free
    /// port unless <paramref name="customize"/> changes the settings (for example a pair node's addresses).
    /// </summary>
    public static async Task<KamailioProxy> StartAsync(IPEndPoint ng, string domain, SipRouting? routing = null,
        Func<KamailioSettings, KamailioSettings>? customize = null)
    {
        // Another process on this machine may take a port between our check and Kamailio's bind: try another one.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(ng, domain, routing, customize);
            }
            catch (PortTakenException) when (attempt < attempts)
            {
            }
        }
    }

    private static async Task<KamailioProxy> StartOnceAsync(IPEndPoint ng, string domain, SipRouting? routing,
        Func<KamailioSettings, KamailioSettings>? customize)
    {
        var directory = Directory.CreateTempSubdirectory("medianode-kamailio-").FullName;
        var defaults = new KamailioSettings
        {
            FloatingAddress = IPAddress.Loopback.ToString(),
            SipPort = FreePorts.UdpAndTcp(IPAddress.Loopback),
            NodeAddress = IPAddress.Loopback.ToString(),
            NodeIndex = 0,
            Domain = domain,
            Routing = routing ?? SipRouting.ByRequestUri,
            NgControlPort = ng.Port,
            DispatcherFile = Path.Combine(directory, "dispatcher.list"),
            ControlSocket = $"unix:{Path.Combine(directory, "kamailio_ctl")}",
            Workers = 2,
            LogLevel = 2,
        };
        var settings = customize?.Invoke(defaults) ?? defaults;
        var sip = new IPEndPoint(IPAddress.Parse(settings.FloatingAddress), settings.SipPort);
        var config = KamailioConfig.Render(settings);
        var configFile = Path.Combine(directory, "kamailio.cfg");
        await File.WriteAllTextAsync(configFile, config.Text);
        if (config.DispatcherList is { } list)
        {
            await File.WriteAllTextAsync(settings.DispatcherFile, list);
        }

        var process = ChildProcess.Start(
            "kamailio",
            ["-DD", "-E", "-f", configFile, "-Y", directory, "-P", Path.Combine(directory, "kamailio.pid"), "-m", "64", "-M", "8", "-w", directory],
            directory);
        var proxy = new KamailioProxy(process, sip, directory, settings);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!process.Output.Contains("Listening on", StringComparison.Ordinal) || !IsListening(sip))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = process.Output;
                await proxy.DisposeAsync();
                if (process.HasExited && output.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new PortTakenException(output);
                }

                throw new InvalidOperationException($"kamailio did not start:\n{output}");
            }

            await Task.Delay(100);
        }

        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // Kamailio holds the SIP port once it is ready: binding it ourselves fails.
    private static bool IsListening(IPEndPoint sip)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(sip);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private sealed class PortTakenException(string output) : InvalidOperationException($"kamailio could not bind a port:\n{output}");
}
