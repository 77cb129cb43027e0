using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// SIPp 3.6 as an upstream placing exactly one call to <c>sip:USER@DOMAIN</c> through a proxy (WebRtc/uac-to-browser.xml:
/// INVITE with SDP → 200 → ACK, then the callee's BYE → 200), echoing every RTP packet it receives (<c>-rtp_echo</c>).
/// </summary>
internal sealed class SippUac : IAsyncDisposable
{
    private readonly string _directory;

    private SippUac(ChildProcess process, string directory)
    {
        Process = process;
        _directory = directory;
    }

    public ChildProcess Process { get; }

    /// <summary>Every SIP message SIPp sent and received (<c>-trace_msg</c>).</summary>
    public string Messages => File.Exists(MessageFile) ? File.ReadAllText(MessageFile) : "";

    private string MessageFile => Path.Combine(_directory, "messages.log");

    public static SippUac Start(IPAddress address, IPEndPoint proxy, string user, string domain)
    {
        var directory = Directory.CreateTempSubdirectory("medianode-sipp-uac-").FullName;
        var (mediaPort, _) = FreePorts.MediaRange(4);
        var process = ChildProcess.Start("sipp",
        [
            proxy.ToString(),
            "-sf", Path.Combine(AppContext.BaseDirectory, "WebRtc", "uac-to-browser.xml"),
            "-s", user, "-key", "domain", domain,
            "-i", address.ToString(), "-p", FreePorts.UdpAndTcp(address).ToString(CultureInfo.InvariantCulture),
            "-mi", address.ToString(), "-mp", mediaPort.ToString(CultureInfo.InvariantCulture), "-rtp_echo",
            "-m", "1", "-timeout", "60s", "-nostdin",
            "-trace_msg", "-message_file", Path.Combine(directory, "messages.log"),
        ], directory);
        return new SippUac(process, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
