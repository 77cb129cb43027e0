using System.IO.Compression;
using System.Text.Json;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

public sealed class PackageTests(PackedLibraryFixture package) : IClassFixture<PackedLibraryFixture>
{
    [Fact]
    public void Package_carries_readme_license_xml_docs_and_dependencies()
    {
        var entries = PackedLibraryFixture.Entries(package.PackagePath);
        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net10.0/RtcOnAws.Constructs.dll", entries);
        Assert.Contains("lib/net10.0/RtcOnAws.Constructs.xml", entries);

        using var zip = ZipFile.OpenRead(package.PackagePath);
        using var reader = new StreamReader(zip.GetEntry("RtcOnAws.Constructs.nuspec")!.Open());
        var nuspec = reader.ReadToEnd();
        Assert.Contains("<license type=\"expression\">Apache-2.0</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        Assert.Contains("id=\"Amazon.CDK.Lib\" version=\"2.160.0\"", nuspec, StringComparison.Ordinal);
        Assert.Contains($"id=\"RtcOnAws.Sbc.Contracts\" version=\"{package.Version}\"", nuspec, StringComparison.Ordinal);
        Assert.Contains($"<version>{package.Version}</version>", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbols_ship_as_a_snupkg()
    {
        Assert.Contains("lib/net10.0/RtcOnAws.Constructs.pdb", PackedLibraryFixture.Entries(package.SymbolsPath));
    }

    [Fact]
    public void A_cdk_app_referencing_only_the_packed_package_synthesizes()
    {
        var templatePath = Path.Combine(package.CdkOut, "PackageSmoke.template.json");
        Assert.True(File.Exists(templatePath), $"no template was synthesized; app output:{Environment.NewLine}{package.SynthOutput}");
        var resources = JsonDocument.Parse(File.ReadAllText(templatePath)).RootElement.GetProperty("Resources").EnumerateObject()
            .Select(r => r.Value.GetProperty("Type").GetString()).ToList();
        Assert.Equal(2, resources.Count(t => t == "AWS::EC2::Instance"));
        Assert.Equal(2, resources.Count(t => t == "AWS::EC2::PlacementGroup"));
        Assert.Equal(3, resources.Count(t => t == "AWS::EC2::EIPAssociation"));
        Assert.Equal(1, resources.Count(t => t == "AWS::ElastiCache::ReplicationGroup"));
        Assert.Equal(2, resources.Count(t => t == "AWS::Lambda::Function"));
    }
}
