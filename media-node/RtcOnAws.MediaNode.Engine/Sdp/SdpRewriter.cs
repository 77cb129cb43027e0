using System.Text;

namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>
/// Produces the SDP the node sends on: <c>c=</c> (session and media level), <c>m=</c> ports and <c>a=rtcp</c> point at
/// the node; optional <c>o=</c>, ICE and rtcp-mux changes; every other line is copied byte for byte.
/// </summary>
public static class SdpRewriter
{
    private static readonly string[] IceAttributes =
    [
        "candidate", "ice-ufrag", "ice-pwd", "ice-options", "ice-lite", "ice-mismatch", "ice-pacing",
        "end-of-candidates", "remote-candidates",
    ];

    /// <summary>Rewrites <paramref name="document"/>; <paramref name="medias"/> has one entry per media section.</summary>
    public static string Rewrite(SdpDocument document, SdpRewriteOptions options, IReadOnlyList<SdpMediaRewrite> medias)
    {
        if (medias.Count != document.Medias.Count)
        {
            throw new ArgumentException($"expected {document.Medias.Count} media rewrites, got {medias.Count}", nameof(medias));
        }

        var output = new StringBuilder();
        var connection = SdpConnection.Format(options.Address);
        foreach (var line in document.SessionLines)
        {
            if ((options.RemoveIce && IsIce(line)) || (options.RemoveDtls && IsDtls(line)))
            {
                continue;
            }

            var text = line.Type switch
            {
                'c' => connection,
                'o' when options.ReplaceOrigin => RewriteOrigin(line.Text, options),
                _ => line.Text,
            };
            output.Append(text).Append(line.Ending);
        }

        var sessionEnding = document.SessionLines.Count > 0 && document.SessionLines[0].Ending.Length > 0 ? document.SessionLines[0].Ending : "\r\n";
        foreach (var attribute in options.SessionAttributes)
        {
            output.Append(attribute).Append(sessionEnding);
        }

        for (var m = 0; m < document.Medias.Count; m++)
        {
            RewriteMedia(output, document.Medias[m], medias[m], options, connection);
        }

        return output.ToString();
    }

    private static void RewriteMedia(StringBuilder output, SdpMediaSection media, SdpMediaRewrite rewrite, SdpRewriteOptions options, string connection)
    {
        if (rewrite.RtpPort is not { } rtpPort)
        {
            foreach (var line in media.Lines)
            {
                output.Append(line.Text).Append(line.Ending);
            }

            return;
        }

        var lastEnding = media.Lines[0].Ending.Length > 0 ? media.Lines[0].Ending : "\r\n";
        for (var i = 0; i < media.Lines.Count; i++)
        {
            var line = media.Lines[i];
            if ((options.RemoveIce && IsIce(line)) || (rewrite.RemoveDtls && IsDtls(line))
                || (rewrite.RtcpMux == RtcpMuxChange.Remove && line.IsAttribute("rtcp-mux")))
            {
                continue;
            }

            var text = i == 0 ? RewriteMediaLine(line.Text, rtpPort, rewrite.Protocol)
                : line.Type == 'c' ? connection
                : line.IsAttribute("rtcp") ? RewriteRtcpAttribute(line.Text, rewrite.RtcpPort, options)
                : line.Text;
            output.Append(text).Append(line.Ending);
            if (line.Ending.Length > 0)
            {
                lastEnding = line.Ending;
            }
        }

        var added = new List<string>(rewrite.AddAttributes);
        if (rewrite.RtcpMux == RtcpMuxChange.Add && !media.HasRtcpMux)
        {
            added.Insert(0, "a=rtcp-mux");
        }

        var unterminated = media.Lines[^1].Ending.Length == 0;
        foreach (var attribute in added)
        {
            if (unterminated)
            {
                output.Append(lastEnding).Append(attribute);
            }
            else
            {
                output.Append(attribute).Append(lastEnding);
            }
        }
    }

    private static string RewriteMediaLine(string text, int port, string? protocol)
    {
        var firstSpace = text.IndexOf(' ', StringComparison.Ordinal);
        var secondSpace = text.IndexOf(' ', firstSpace + 1);
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (protocol is null)
        {
            return string.Concat(text.AsSpan(0, firstSpace + 1), portText, text.AsSpan(secondSpace));
        }

        var thirdSpace = text.IndexOf(' ', secondSpace + 1);
        var formats = thirdSpace < 0 ? string.Empty : text[thirdSpace..];
        return string.Concat(text[..(firstSpace + 1)], portText, " " + protocol, formats);
    }

    private static string RewriteRtcpAttribute(string text, int port, SdpRewriteOptions options)
    {
        var hasAddress = text.Contains(" IN ", StringComparison.Ordinal);
        return hasAddress
            ? $"a=rtcp:{port} IN {SdpConnection.AddressType(options.Address)} {options.Address}"
            : $"a=rtcp:{port}";
    }

    private static string RewriteOrigin(string text, SdpRewriteOptions options)
    {
        var fields = text[2..].Split(' ');
        fields[4] = SdpConnection.AddressType(options.Address);
        fields[5] = options.Address.ToString();
        return "o=" + string.Join(' ', fields);
    }

    private static bool IsDtls(SdpLine line)
    {
        foreach (var attribute in WebRtcSdp.DtlsAttributes)
        {
            if (line.IsAttribute(attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIce(SdpLine line)
    {
        foreach (var attribute in IceAttributes)
        {
            if (line.IsAttribute(attribute))
            {
                return true;
            }
        }

        return false;
    }
}
