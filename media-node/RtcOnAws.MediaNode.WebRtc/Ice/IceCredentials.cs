using System.Security.Cryptography;
using System.Text;

namespace RtcOnAws.MediaNode.WebRtc.Ice;

/// <summary>An ICE username fragment and password (RFC 8445 5.3): at least 24 and 128 random bits.</summary>
public sealed class IceCredentials
{
    /// <summary>ice-char of RFC 8839: ALPHA / DIGIT / "+" / "/".</summary>
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials(string usernameFragment, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(usernameFragment);
        ArgumentException.ThrowIfNullOrEmpty(password);
        UsernameFragment = usernameFragment;
        Password = password;
        PasswordBytes = Encoding.ASCII.GetBytes(password);
    }

    public string UsernameFragment { get; }

    public string Password { get; }

    /// <summary>The MESSAGE-INTEGRITY key: ICE passwords are ASCII, so SASLprep leaves them unchanged.</summary>
    public byte[] PasswordBytes { get; }

    /// <summary>8 characters (48 bits) of ufrag and 24 of password (144 bits), above RFC 8445's minimums.</summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, 8), RandomNumberGenerator.GetString(IceChars, 24));
}
