using System.Globalization;
using System.Text;

namespace RtcOnAws.MediaNode.Tests.Sip;

/// <summary>A parsed or to-be-sent SIP message: start line, headers in order (repeatable), body.</summary>
internal sealed class SipMessage
{
    public SipMessage(string startLine, List<(string Name, string Value)> headers, string body)
    {
        StartLine = startLine;
        Headers = headers;
        Body = body;
    }

    public string StartLine { get; }

    public List<(string Name, string Value)> Headers { get; }

    public string Body { get; }

    public bool IsResponse => StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    public int StatusCode => IsResponse ? int.Parse(StartLine.Split(' ')[1], CultureInfo.InvariantCulture) : 0;

    public string Method => IsResponse ? Header("CSeq")!.Split(' ')[1] : StartLine.Split(' ')[0];

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> All(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public static SipMessage Parse(byte[] datagram)
    {
        var text = Encoding.UTF8.GetString(datagram);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split >= 0 ? text[..split] : text;
        var body = split >= 0 ? text[(split + 4)..] : string.Empty;
        var lines = head.Split("\r\n");
        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = ExpandCompact(line[..colon].Trim());
            foreach (var value in SplitCommaList(name, line[(colon + 1)..].Trim()))
            {
                headers.Add((name, value));
            }
        }

        return new SipMessage(lines[0], headers, body);
    }

    public byte[] ToBytes()
    {
        var text = new StringBuilder();
        text.Append(StartLine).Append("\r\n");
        foreach (var (name, value) in Headers.Where(h => !h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var body = Encoding.UTF8.GetBytes(Body);
        text.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. body];
    }

    private static string ExpandCompact(string name) => name switch
    {
        "v" => "Via",
        "f" => "From",
        "t" => "To",
        "i" => "Call-ID",
        "m" => "Contact",
        "l" => "Content-Length",
        "c" => "Content-Type",
        _ => name,
    };

    // Via and Record-Route may carry several values in one header line.
    private static IEnumerable<string> SplitCommaList(string name, string value) =>
        name is "Via" or "Record-Route" or "Route" ? value.Split(',').Select(v => v.Trim()) : [value];
}
