using System.Globalization;

namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>
/// A parsed SDP body that remembers every line exactly as received, so a rewrite changes only the lines it must.
/// Parsing is strict about what the relay depends on (v=, o=, m=, c=, a=rtcp) and tolerant about everything else.
/// </summary>
public sealed class SdpDocument
{
    private SdpDocument(List<SdpLine> sessionLines, List<SdpMediaSection> medias, SdpConnection? connection)
    {
        SessionLines = sessionLines;
        Medias = medias;
        Connection = connection;
    }

    /// <summary>The session-level lines (everything before the first <c>m=</c>).</summary>
    public IReadOnlyList<SdpLine> SessionLines { get; }

    /// <summary>The media sections in order.</summary>
    public IReadOnlyList<SdpMediaSection> Medias { get; }

    /// <summary>The session-level <c>c=</c>, if present.</summary>
    public SdpConnection? Connection { get; }

    /// <summary>The connection that applies to <paramref name="media"/> (media level wins over session level).</summary>
    public SdpConnection? ConnectionOf(SdpMediaSection media) => media.Connection ?? Connection;

    /// <summary>Parses <paramref name="text"/>; null with an error naming the bad line when it is not usable SDP.</summary>
    public static SdpDocument? Parse(string text, out string? error)
    {
        var lines = SplitLines(text);
        if (lines.Count == 0 || lines[0].Text != "v=0")
        {
            error = "sdp: the first line must be 'v=0'";
            return null;
        }

        var sessionLines = new List<SdpLine>();
        var medias = new List<SdpMediaSection>();
        SdpConnection? sessionConnection = null;
        var hasOrigin = false;
        List<SdpLine>? current = null;
        SdpMediaSection? media = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (line.Text.Length == 0)
            {
                (current ?? sessionLines).Add(line);
                continue;
            }

            if (line.Type is < 'a' or > 'z')
            {
                error = $"sdp line {number}: expected '<letter>=<value>', got '{Truncate(line.Text)}'";
                return null;
            }

            var value = line.Text[2..];
            switch (line.Type)
            {
                case 'm':
                    current = [line];
                    media = ParseMediaLine(value, medias.Count + 1, current, number, out error);
                    if (media is null)
                    {
                        return null;
                    }

                    medias.Add(media);
                    continue;
                case 'o' when media is null:
                    if (value.Split(' ').Length != 6)
                    {
                        error = $"sdp line {number}: o= must have 6 fields '<username> <sess-id> <sess-version> IN IP4|IP6 <address>'";
                        return null;
                    }

                    hasOrigin = true;
                    break;
                case 'c':
                    var connection = SdpConnection.Parse(value, out error);
                    if (connection is null)
                    {
                        error = $"sdp line {number}: {error}";
                        return null;
                    }

                    if (media is null)
                    {
                        sessionConnection = connection;
                    }
                    else
                    {
                        media.Connection = connection;
                    }

                    break;
                case 'a' when media is not null && line.IsAttribute("rtcp"):
                    var rtcpPort = ParseRtcpPort(value, out error);
                    if (rtcpPort is null)
                    {
                        error = $"sdp line {number}: {error}";
                        return null;
                    }

                    media.RtcpPort = rtcpPort;
                    break;
                case 'a' when media is not null && line.IsAttribute("rtcp-mux"):
                    media.HasRtcpMux = true;
                    break;
                case 'a' when media is not null && line.IsAttribute("crypto"):
                    media.CryptoList.Add(line.Text["a=crypto:".Length..]);
                    break;
            }

            (current ?? sessionLines).Add(line);
        }

        if (!hasOrigin)
        {
            error = "sdp: the session has no o= line";
            return null;
        }

        foreach (var section in medias)
        {
            if (!section.IsRejected && section.Connection is null && sessionConnection is null)
            {
                error = $"sdp: media {section.Index} ({section.MediaType}) has no c= line and the session has none either";
                return null;
            }
        }

        error = null;
        return new SdpDocument(sessionLines, medias, sessionConnection);
    }

    private static SdpMediaSection? ParseMediaLine(string value, int index, List<SdpLine> lines, int number, out string? error)
    {
        var parts = value.Split(' ');
        if (parts.Length < 4 || parts[0].Length == 0)
        {
            error = $"sdp line {number}: m= must be 'm=<media> <port> <proto> <fmt> ...'";
            return null;
        }

        var portText = parts[1];
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"sdp line {number}: m= port '{parts[1]}' is not a number from 0 to 65535";
            return null;
        }

        error = null;
        return new SdpMediaSection(index, lines, parts[0], port, parts[2]);
    }

    private static int? ParseRtcpPort(string value, out string? error)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var rest = value[(colon + 1)..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var portText = space >= 0 ? rest[..space] : rest;
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            error = $"a=rtcp port '{portText}' is not a number from 1 to 65535";
            return null;
        }

        error = null;
        return port;
    }

    private static List<SdpLine> SplitLines(string text)
    {
        var lines = new List<SdpLine>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                lines.Add(new SdpLine(text[start..], string.Empty));
                break;
            }

            var crlf = newline > start && text[newline - 1] == '\r';
            var end = crlf ? newline - 1 : newline;
            lines.Add(new SdpLine(text[start..end], crlf ? "\r\n" : "\n"));
            start = newline + 1;
        }

        return lines;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
