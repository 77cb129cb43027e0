using System.Globalization;
using System.Xml.Linq;

namespace RtcOnAws.Aws.Runtime;

/// <summary>Namespace-agnostic reading helpers over XElement (AWS responses carry per-service default namespaces).</summary>
internal static class Xml
{
    public static XElement Parse(string body, string operation)
    {
        try
        {
            return XDocument.Parse(body).Root ?? throw new FormatException($"Empty XML response to {operation}.");
        }
        catch (System.Xml.XmlException ex)
        {
            throw new FormatException($"Response to {operation} is not XML: {ex.Message}", ex);
        }
    }

    public static XElement? Child(this XElement? element, string localName) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement? element, string localName) =>
        element is null ? [] : element.Elements().Where(e => e.Name.LocalName == localName);

    /// <summary>EC2 list wrapper: &lt;setName&gt;&lt;item&gt;...&lt;/item&gt;&lt;/setName&gt;.</summary>
    public static IEnumerable<XElement> Items(this XElement? element, string setName) =>
        element.Child(setName).Children("item");

    public static string? Text(this XElement? element, string localName) => element.Child(localName)?.Value;

    public static bool? Bool(this XElement? element, string localName) =>
        element.Text(localName) is { } text ? string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase) : null;

    public static int? Int(this XElement? element, string localName) =>
        element.Text(localName) is { } text ? int.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public static long? Long(this XElement? element, string localName) =>
        element.Text(localName) is { } text ? long.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public static DateTime? Time(this XElement? element, string localName) =>
        element.Text(localName) is { } text
            ? DateTime.Parse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;
}
