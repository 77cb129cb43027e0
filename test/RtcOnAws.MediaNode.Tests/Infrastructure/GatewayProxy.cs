using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// A real Kamailio 5.6 running the WebRTC gateway's own config, rendered by <see cref="GatewayConfig"/>: HTTP/WebSocket
/// and SIP toward the SBC on free ports of <paramref name="address"/>.
/// </summary>
internal sealed class GatewayProxy : IAsyncDisposable
{
    private readonly string _directory;
    private int _disposed;

    private GatewayProxy(ChildProcess process, GatewaySettings settings, string directory, string credentialSecret)
    {
        Process = process;
        Settings = settings;
        CredentialSecret = credentialSecret;
        _directory = directory;
    }

    public ChildProcess Process { get; }

    public GatewaySettings Settings { get; }

    /// <summary>The shared secret this gateway checks browsers' credentials with (fresh per gateway).</summary>
    public string CredentialSecret { get; }

    /// <summary>Credentials of <paramref name="user"/> that the gateway accepts for an hour.</summary>
    public GatewayCredential CredentialsFor(string user) => GatewayCredentials.Issue(CredentialSecret, user, DateTimeOffset.UtcNow.AddHours(1));

    /// <summary>The URL browsers open their SIP WebSocket on (the load balancer's TLS is not part of the test).</summary>
    public Uri WebSocketUrl => new($"ws://{Settings.ListenAddress}:{Settings.HttpPort}/");

    public Uri HealthUrl => new($"http://{Settings.ListenAddress}:{Settings.HttpPort}{Settings.HealthPath}");

    public static async Task<GatewayProxy> StartAsync(IPAddress address, string domain, IPEndPoint sbc)
    {
        // Another process may take a port between our check and Kamailio's bind: try other ones.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("medianode-gateway-").FullName;
            var settings = new GatewaySettings
            {
                ListenAddress = address.ToString(),
                HttpPort = FreePorts.UdpAndTcp(address),
                SipPort = FreePorts.UdpAndTcp(address),
                Domain = domain,
                Sbcs = [new SipUpstream(sbc.Address.ToString(), sbc.Port)],
                DispatcherFile = Path.Combine(directory, "dispatcher.list"),
                ControlSocket = $"unix:{Path.Combine(directory, "kamailio_ctl")}",
                CredentialSecretFile = Path.Combine(directory, "gateway-credentials.cfg"),
                Workers = 2,
                LogLevel = 2,
            };
            var config = GatewayConfig.Render(settings);
            var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            await File.WriteAllTextAsync(settings.CredentialSecretFile, GatewayCredentials.SecretFileText(secret));
            var configFile = Path.Combine(directory, "kamailio.cfg");
            await File.WriteAllTextAsync(configFile, config.Text);
            await File.WriteAllTextAsync(settings.DispatcherFile, config.DispatcherList);
            var process = ChildProcess.Start("kamailio",
                ["-DD", "-E", "-f", configFile, "-Y", directory, "-P", Path.Combine(directory, "kamailio.pid"), "-m", "64", "-M", "8", "-w", directory],
                directory);
            var gateway = new GatewayProxy(process, settings, directory, secret);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!process.Output.Contains("Listening on", StringComparison.Ordinal) || !Accepts(address, settings.HttpPort))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    var output = process.Output;
                    await gateway.DisposeAsync();
                    if (attempt < 3 && output.Contains("Address already in use", StringComparison.Ordinal))
                    {
                        break;
                    }
                    throw new InvalidOperationException($"the gateway's kamailio did not start:\n{output}");
                }
                await Task.Delay(100);
            }
            if (!process.HasExited)
            {
                return gateway;
            }
        }
    }

    /// <summary>Stops Kamailio; a second call does nothing (a test may stop the gateway early).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static bool Accepts(IPAddress address, int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
