using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.App;

/// <summary>Reads one upstream of the <c>sipUpstreams</c> context key: <c>host[:port][;transport=udp|tcp]</c>.</summary>
internal static partial class SipUpstreamText
{
    public const string Allowed = "host[:port][;transport=udp|tcp] with an IPv4 address or a lower-case DNS name as host and a port of 1-65535, " +
        "such as 10.0.2.15 or pbx.example.com:5080;transport=tcp, as a JSON list or comma-separated";

    /// <summary>The upstream <paramref name="text"/> names, or null when it is not one.</summary>
    public static SipUpstream? Parse(string text)
    {
        var match = UpstreamPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var host = match.Groups["host"].Value;
        var isAddress = IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetwork && address.ToString() == host;
        if (!isAddress && !HostNamePattern().IsMatch(host))
        {
            return null;
        }
        var port = SbcPorts.Sip;
        if (match.Groups["port"].Success && (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return null;
        }
        var transport = match.Groups["transport"].Value == "tcp" ? SipTransport.Tcp : SipTransport.Udp;
        return new SipUpstream(host, port, transport);
    }

    [GeneratedRegex(@"^(?<host>[^:;\s]+)(:(?<port>\d{1,5}))?(;transport=(?<transport>udp|tcp))?$")]
    private static partial Regex UpstreamPattern();

    // A DNS name with at least one letter in its last label, so a malformed IPv4 address is not taken for a name.
    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostNamePattern();
}
