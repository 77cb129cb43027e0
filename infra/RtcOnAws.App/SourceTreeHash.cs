using System.Security.Cryptography;
using System.Text;

namespace RtcOnAws.App;

/// <summary>
/// A content hash over source files, ignoring build output (bin/, obj/), so an asset is rebuilt exactly when
/// its sources, build settings or build command change.
/// </summary>
internal static class SourceTreeHash
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "node_modules", ".vs"];

    /// <summary>Hashes every file under <paramref name="folders"/>, the <paramref name="files"/> that exist, and <paramref name="salt"/>.</summary>
    public static string Compute(string root, IEnumerable<string> folders, IEnumerable<string> files, string salt)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(salt));
        var paths = folders
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Concat(files.Select(file => Path.Combine(root, file)).Where(File.Exists))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(relative => !relative.Split('/').Any(IgnoredFolders.Contains))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var relative in paths)
        {
            // Length-prefixed name and content: no two different trees hash alike by concatenation.
            var content = File.ReadAllBytes(Path.Combine(root, relative));
            hash.AppendData(Encoding.UTF8.GetBytes($"{relative}\n{content.Length}\n"));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
