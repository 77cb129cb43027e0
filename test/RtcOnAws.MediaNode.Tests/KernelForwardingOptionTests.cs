using System.CommandLine;
using RtcOnAws.MediaNode.Relay.Kernel;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

public sealed class KernelForwardingOptionTests
{
    [Theory]
    [InlineData(new string[0], KernelForwardingMode.Auto)]
    [InlineData(new[] { MediaNodeFlags.KernelForwarding, "on" }, KernelForwardingMode.On)]
    [InlineData(new[] { MediaNodeFlags.KernelForwarding, "off" }, KernelForwardingMode.Off)]
    [InlineData(new[] { MediaNodeFlags.KernelForwarding, "auto" }, KernelForwardingMode.Auto)]
    public void The_flag_defaults_to_auto_and_selects_the_mode(string[] arguments, KernelForwardingMode expected)
    {
        var (options, parse) = Parse(arguments);

        Assert.Empty(parse.Errors);
        var settings = options.ToSettings(parse);
        Assert.Equal(expected, settings.KernelForwarding);
        Assert.Equal($"rtconaws_{settings.PortMin}_{settings.PortMax}", settings.KernelTableName);
    }

    [Fact]
    public void Another_value_is_refused() =>
        Assert.NotEmpty(Parse([MediaNodeFlags.KernelForwarding, "yes"]).Parse.Errors);

    private static (DaemonOptions Options, ParseResult Parse) Parse(string[] arguments)
    {
        var options = new DaemonOptions();
        var root = new RootCommand();
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        return (options, root.Parse(arguments));
    }
}
