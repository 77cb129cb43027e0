namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// The EC2 tag both instances of a pair carry (<c>--ha-aws-pair-tag KEY=VALUE</c>, e.g. <c>rtconaws:pair=edge-a</c>):
/// a node finds its peer, and across subnets the pair's Elastic IP, by it.
/// </summary>
/// <param name="Key">Tag key (1-128 characters, not starting with <c>aws:</c>).</param>
/// <param name="Value">Tag value (1-256 characters).</param>
public sealed record AwsPairTag(string Key, string Value)
{
    private const string Flag = "--ha-aws-pair-tag";
    private const string AllowedPunctuation = " _.:/=+-@";

    /// <summary>The EC2 Describe* filter name selecting resources with this tag key.</summary>
    public string FilterName => "tag:" + Key;

    /// <summary>
    /// Parses <c>KEY=VALUE</c> (split at the first <c>=</c>). Throws <see cref="FormatException"/> naming the flag and
    /// what is allowed: EC2's tag characters (letters, digits, spaces and <c>_ . : / = + - @</c>), no wildcards.
    /// </summary>
    public static AwsPairTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new FormatException($"{Flag} '{text}' must be KEY=VALUE, e.g. rtconaws:pair=edge-a");
        }

        var key = text[..equals];
        var value = text[(equals + 1)..];
        if (key.Length is 0 or > 128 || key != key.Trim())
        {
            throw new FormatException($"{Flag} '{text}': the key must be 1-128 characters without leading or trailing spaces");
        }

        if (value.Length is 0 or > 256 || value != value.Trim())
        {
            throw new FormatException($"{Flag} '{text}': the value must be 1-256 characters without leading or trailing spaces");
        }

        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"{Flag} '{text}': keys starting with 'aws:' are reserved by AWS");
        }

        // EC2 filters treat * and ? as wildcards, which could match another pair's instances.
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c) && !AllowedPunctuation.Contains(c))
            {
                throw new FormatException($"{Flag} '{text}': '{c}' is not allowed; use letters, digits, spaces and _ . : / = + - @");
            }
        }

        return new AwsPairTag(key, value);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key}={Value}";
}
