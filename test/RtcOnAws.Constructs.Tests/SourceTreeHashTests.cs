using RtcOnAws.App;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

public sealed class SourceTreeHashTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rtconaws-hash-").FullName;

    public SourceTreeHashTests()
    {
        Write("functions/A/Program.cs", "return 0;");
        Write("Directory.Build.props", "<Project />");
    }

    [Fact]
    public void Ignores_build_output_but_not_sources_settings_or_salt()
    {
        var before = Hash();
        Write("functions/A/bin/Release/bootstrap", "binary");
        Write("functions/A/obj/project.assets.json", "{}");
        Assert.Equal(before, Hash());

        Write("functions/A/Program.cs", "return 1;");
        var afterSource = Hash();
        Assert.NotEqual(before, afterSource);

        Write("Directory.Build.props", "<Project><PropertyGroup /></Project>");
        Assert.NotEqual(afterSource, Hash());
        Assert.NotEqual(Hash(), Hash("other publish arguments"));
    }

    [Fact]
    public void Tells_apart_a_renamed_file()
    {
        var before = Hash();
        File.Move(Path.Combine(_root, "functions/A/Program.cs"), Path.Combine(_root, "functions/A/Main.cs"));
        Assert.NotEqual(before, Hash());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Hash(string salt = "salt") => SourceTreeHash.Compute(_root, ["functions"], ["Directory.Build.props", "missing.props"], salt);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
