using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// SIPp 3.6 as a UAS for exactly one call (INVITE → 180/200 with SDP → ACK → BYE → 200; WebRtc/uas-echo.xml, the built-in
/// UAS plus Record-Route), echoing every RTP packet it receives on its media port back to its sender (<c>-rtp_echo</c>).
/// </summary>
internal sealed class SippUas : IAsyncDisposable
{
    private readonly string _directory;

    private SippUas(ChildProcess process, IPEndPoint sip, int mediaPort, string directory)
    {
        Process = process;
        Sip = sip;
        MediaPort = mediaPort;
        _directory = directory;
    }

    public ChildProcess Process { get; }

    public IPEndPoint Sip { get; }

    public int MediaPort { get; }

    /// <summary>Every SIP message SIPp sent and received (<c>-trace_msg</c>).</summary>
    public string Messages => File.Exists(MessageFile) ? File.ReadAllText(MessageFile) : "";

    private string MessageFile => Path.Combine(_directory, "messages.log");

    public static async Task<SippUas> StartAsync(IPAddress address)
    {
        var directory = Directory.CreateTempSubdirectory("medianode-sipp-").FullName;
        var sip = new IPEndPoint(address, FreePorts.UdpAndTcp(address));
        var (mediaPort, _) = FreePorts.MediaRange(4);
        var process = ChildProcess.Start("sipp",
        [
            "-sf", Path.Combine(AppContext.BaseDirectory, "WebRtc", "uas-echo.xml"),
            "-i", address.ToString(), "-p", sip.Port.ToString(CultureInfo.InvariantCulture),
            "-mi", address.ToString(), "-mp", mediaPort.ToString(CultureInfo.InvariantCulture), "-rtp_echo",
            "-m", "1", "-timeout", "60s", "-nostdin",
            "-trace_msg", "-message_file", Path.Combine(directory, "messages.log"),
        ], directory);
        var uas = new SippUas(process, sip, mediaPort, directory);
        // SIPp holds its SIP port once it is ready.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (FreePorts.UdpBindable(sip))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await uas.DisposeAsync();
                throw new InvalidOperationException($"sipp did not start:\n{process.Output}");
            }
            await Task.Delay(50);
        }
        return uas;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
