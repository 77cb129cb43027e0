using System.Net;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

public sealed class HostOptionParsingTests
{
    [Theory]
    [InlineData("10.0.0.5", "default", "10.0.0.5", "10.0.0.5")]
    [InlineData("pub/10.0.0.5", "pub", "10.0.0.5", "10.0.0.5")]
    [InlineData("pub/10.0.0.5!203.0.113.7", "pub", "10.0.0.5", "203.0.113.7")]
    [InlineData("v6/2001:db8::5", "v6", "2001:db8::5", "2001:db8::5")]
    public void InterfaceSpecsFollowRtpengineSyntax(string text, string name, string bind, string advertised)
    {
        var spec = InterfaceSpec.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(new InterfaceSpec(name, IPAddress.Parse(bind), IPAddress.Parse(advertised)), spec);
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData("/10.0.0.5")]
    [InlineData("10.0.0.5!2001:db8::1")]
    [InlineData("pub/10.0.0.5!")]
    public void BadInterfaceSpecsAreRefused(string text) => Assert.Null(InterfaceSpec.Parse(text, out _));

    [Theory]
    [InlineData("--interface", "internal/10.0.0.5", "--interface", "external/10.0.0.5!203.0.113.7")]
    [InlineData("--interface", "internal/10.0.0.5;external/10.0.0.5!203.0.113.7")]
    public void SeveralLogicalInterfacesShareTheBindAddressAndTheFirstIsTheDefault(params string[] args)
    {
        var options = new DaemonOptions();
        var command = new System.CommandLine.RootCommand();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        var settings = options.ToSettings(command.Parse(args));

        Assert.Equal("internal", settings.InterfaceName);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), settings.BindAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), settings.AdvertisedAddress);
        Assert.Equal([new Engine.Hosting.MediaInterface("external", IPAddress.Parse("203.0.113.7"))], settings.AdditionalInterfaces);
    }

    [Theory]
    [InlineData("internal/10.0.0.5;external/10.0.0.6!203.0.113.7", "every interface must bind 10.0.0.5")]
    [InlineData("internal/10.0.0.5;internal/10.0.0.5!203.0.113.7", "the name 'internal' is given twice")]
    [InlineData("internal/10.0.0.5;external/10.0.0.5!2001:db8::7", "same family")]
    [InlineData(";", "at least one")]
    public void InterfaceListsThatCannotShareOnePortPoolAreRefused(string text, string reason)
    {
        Assert.Null(InterfaceSpec.ParseAll([text], out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:2223", "127.0.0.1:2223")]
    [InlineData("2223", "127.0.0.1:2223")]
    [InlineData("[::1]:2223", "[::1]:2223")]
    public void EndpointsParse(string text, string expected) => Assert.Equal(IPEndPoint.Parse(expected), EndPointText.Parse(text, "--listen-ng"));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("localhost:2223")]
    [InlineData("127.0.0.1:99999")]
    public void BadEndpointsNameTheFlag(string text) =>
        Assert.Contains("--listen-ng", Assert.Throws<FormatException>(() => EndPointText.Parse(text, "--listen-ng")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("fd00::1", true)]
    [InlineData("2001:db8::1", false)]
    public void ControlAddressesAreClassified(string address, bool isPrivate) => Assert.Equal(isPrivate, AddressPolicy.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void JsonConfigFilesBecomeArgumentsWithoutOverridingTheCommandLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"media-node-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"port-min": 31000, "port-max": 31999, "timeout": 5, "unknown-key": "x"}""");
        try
        {
            using var warnings = new StringWriter();

            var args = ConfigFileArguments.Expand(["--config-file", file, "--timeout", "9"], new HashSet<string> { "--port-min", "--port-max", "--timeout", "--config-file" }, warnings);

            Assert.Equal(["--config-file", file, "--timeout", "9", "--port-min", "31000", "--port-max", "31999"], args);
            Assert.Contains("'unknown-key' is not a media-node option", warnings.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void MalformedIniLinesAreRefused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"media-node-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "[rtpengine]\nport-min 30000\n");
        try
        {
            var error = Assert.Throws<FormatException>(() => ConfigFileArguments.Expand(["--config-file=" + file], new HashSet<string>(), TextWriter.Null));

            Assert.Contains("line 2: expected 'key = value'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
