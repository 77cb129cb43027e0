using System.Globalization;
using System.Security.Cryptography;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Sdes;

/// <summary>
/// One SDES <c>a=crypto</c> line (RFC 4568): <c>tag suite inline:base64(key||salt)[|lifetime]</c>. What we implement:
/// one inline key, an optional lifetime (kept and echoed; keys are never rotated mid-call here), the
/// <c>WSH</c> session parameter (a hint). Refused with a reason: MKI, several keys, a key derivation rate, the
/// UNENCRYPTED/UNAUTHENTICATED parameters, other session parameters and unknown suites.
/// </summary>
public sealed class SdesCryptoAttribute
{
    /// <summary>The SDP attribute name, without <c>a=</c>.</summary>
    public const string AttributeName = "crypto";

    private SdesCryptoAttribute(int tag, SrtpMasterKey key, string? lifetime)
    {
        Tag = tag;
        Key = key;
        Lifetime = lifetime;
    }

    /// <summary>The line's tag (1-999999999) that an answer echoes to accept this line.</summary>
    public int Tag { get; }

    /// <summary>The suite.</summary>
    public SrtpProtectionProfile Profile => Key.Profile;

    /// <summary>The sender's master key and salt.</summary>
    public SrtpMasterKey Key { get; }

    /// <summary>The key lifetime as written (<c>2^31</c> or decimal), or null.</summary>
    public string? Lifetime { get; }

    /// <summary>A fresh key from <see cref="RandomNumberGenerator"/> for <paramref name="profile"/> under <paramref name="tag"/>.</summary>
    public static SdesCryptoAttribute Generate(int tag, SrtpProtectionProfile profile)
    {
        CheckTag(tag);
        var material = RandomNumberGenerator.GetBytes(profile.KeyLength() + profile.SaltLength());
        try
        {
            return new SdesCryptoAttribute(tag, SrtpMasterKey.FromConcatenated(profile, material), null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Parses the attribute value (what follows <c>a=crypto:</c>); false with <paramref name="error"/> saying why not.</summary>
    public static bool TryParse(string value, out SdesCryptoAttribute? attribute, out string? error)
    {
        attribute = null;
        var fields = value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3)
        {
            error = "a=crypto needs a tag, a crypto suite and key parameters";
            return false;
        }

        if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int tag) || tag is < 0 or > 999_999_999)
        {
            error = $"a=crypto tag '{fields[0]}' is not a number of up to 9 digits";
            return false;
        }

        if (!SdesSuiteNames.TryParse(fields[1], out var profile))
        {
            error = $"crypto suite '{fields[1]}' is not supported";
            return false;
        }

        if (fields[2].Contains(';', StringComparison.Ordinal))
        {
            error = "several master keys in one a=crypto line are not supported";
            return false;
        }

        if (!fields[2].StartsWith("inline:", StringComparison.OrdinalIgnoreCase))
        {
            error = $"key method in '{fields[2]}' is not inline";
            return false;
        }

        foreach (var sessionParameter in fields.AsSpan(3))
        {
            if (!sessionParameter.StartsWith("WSH=", StringComparison.OrdinalIgnoreCase))
            {
                error = $"session parameter '{sessionParameter}' is not supported";
                return false;
            }
        }

        var parts = fields[2]["inline:".Length..].Split('|');
        if (parts.Length > 2 || (parts.Length == 2 && parts[1].Contains(':', StringComparison.Ordinal)))
        {
            error = "MKI is not supported";
            return false;
        }

        string? lifetime = parts.Length == 2 ? parts[1] : null;
        if (lifetime is not null && !IsLifetime(lifetime))
        {
            error = $"key lifetime '{lifetime}' is not 2^n or a decimal number";
            return false;
        }

        // rtpengine (and others) leave out the base64 padding of a 28-byte GCM key; restore it before decoding.
        var base64 = parts[0].Length % 4 == 0 ? parts[0] : parts[0].PadRight(parts[0].Length + 4 - (parts[0].Length % 4), '=');
        var material = new byte[64];
        if (!Convert.TryFromBase64String(base64, material, out int length) || length != profile.KeyLength() + profile.SaltLength())
        {
            error = $"{fields[1]} needs {profile.KeyLength() + profile.SaltLength()} bytes of base64 key and salt";
            return false;
        }

        attribute = new SdesCryptoAttribute(tag, SrtpMasterKey.FromConcatenated(profile, material.AsSpan(0, length)), lifetime);
        CryptographicOperations.ZeroMemory(material);
        error = null;
        return true;
    }

    /// <summary>The same suite and key under another tag (an answer echoes the offer's tag).</summary>
    public SdesCryptoAttribute WithTag(int tag)
    {
        CheckTag(tag);
        return new SdesCryptoAttribute(tag, Key, Lifetime);
    }

    /// <summary>The attribute value, ready for <c>a=crypto:</c>. Contains the key: never log it.</summary>
    public string Format()
    {
        var material = Key.ToConcatenated();
        try
        {
            string inline = Convert.ToBase64String(material);
            return Lifetime is null
                ? $"{Tag.ToString(CultureInfo.InvariantCulture)} {SdesSuiteNames.Name(Profile)} inline:{inline}"
                : $"{Tag.ToString(CultureInfo.InvariantCulture)} {SdesSuiteNames.Name(Profile)} inline:{inline}|{Lifetime}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Tag and suite only: key material stays out of logs.</summary>
    public override string ToString() => $"a=crypto:{Tag} {SdesSuiteNames.Name(Profile)} inline:…";

    private static bool IsLifetime(string lifetime) =>
        lifetime.StartsWith("2^", StringComparison.Ordinal)
            ? int.TryParse(lifetime.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int power) && power is > 0 and <= 48
            : ulong.TryParse(lifetime, NumberStyles.None, CultureInfo.InvariantCulture, out ulong packets) && packets > 0;

    private static void CheckTag(int tag)
    {
        if (tag is < 0 or > 999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(tag), tag, "An a=crypto tag has at most 9 digits.");
        }
    }
}
