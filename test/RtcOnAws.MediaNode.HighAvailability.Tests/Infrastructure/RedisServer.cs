using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using RtcOnAws.MediaNode.HighAvailability.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, without persistence, with keyspace notifications for call keys
/// enabled (what an ElastiCache parameter group would set). Can be stopped and started again on the same port.
/// With a certificate authority it serves TLS only (no plaintext port), as ElastiCache with encryption in transit does.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly TestCertificateAuthority? _tls;
    private Process? _process;

    private RedisServer(int port, TestCertificateAuthority? tls)
    {
        Port = port;
        _tls = tls;
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The endpoint in <c>--redis</c> form.</summary>
    public RedisEndpoint Endpoint => new("127.0.0.1", Port, 0, null);

    /// <summary>Starts a server on a free port; with <paramref name="tls"/>, TLS only, with that CA's server certificate.</summary>
    public static async Task<RedisServer> StartAsync(TestCertificateAuthority? tls = null)
    {
        var server = new RedisServer(FreePorts.Tcp(), tls);
        try
        {
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            // A server that never answered is still a process.
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>(Re)starts the server process on <see cref="Port"/> with an empty dataset.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var port = Port.ToString(CultureInfo.InvariantCulture);
        string[] listen = _tls is null
            ? ["--port", port]
            : ["--port", "0", "--tls-port", port, "--tls-cert-file", _tls.ServerCertificateFile, "--tls-key-file", _tls.ServerKeyFile,
               "--tls-ca-cert-file", _tls.CaFile, "--tls-auth-clients", "no"];
        foreach (var argument in listen.Concat(
                 [
                     "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--notify-keyspace-events", "K$gx", "--daemonize", "no", "--protected-mode", "no",
                 ]))
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING");
    }

    /// <summary>Kills the server (SIGKILL): everything in it is lost, clients see the connection drop.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            Stream stream = client.GetStream();
            if (_tls is not null)
            {
                // Readiness only: whether clients accept the certificate is what the tests check.
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await ssl.AuthenticateAsClientAsync("127.0.0.1").WaitAsync(TimeSpan.FromSeconds(2));
                stream = ssl;
            }

            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }
}
