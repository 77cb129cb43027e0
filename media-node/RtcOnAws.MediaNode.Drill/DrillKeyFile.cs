using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>The heartbeat key both drill nodes read: a fresh random key in a file only its owner may read.</summary>
internal static class DrillKeyFile
{
    /// <summary>Writes a new key into <c>heartbeat.key</c> of <paramref name="workDirectory"/> (created if missing) and returns its path.</summary>
    public static string Create(string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        var keyFile = Path.Combine(workDirectory, "heartbeat.key");
        File.WriteAllBytes(keyFile, []);
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only before the key is written into it.
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllBytes(keyFile, RandomNumberGenerator.GetBytes(32));
        return keyFile;
    }
}
