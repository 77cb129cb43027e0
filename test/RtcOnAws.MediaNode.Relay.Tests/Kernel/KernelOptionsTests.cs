using RtcOnAws.MediaNode.Relay.Kernel;

namespace RtcOnAws.MediaNode.Relay.Tests.Kernel;

public sealed class KernelOptionsTests
{
    [Theory]
    [InlineData("bad name", 1024, 1000, "KernelTableName")]
    [InlineData("", 1024, 1000, "KernelTableName")]
    [InlineData("a_name_longer_than_thirty_two_chars", 1024, 1000, "KernelTableName")]
    [InlineData("ok", 0, 1000, "KernelTableCapacity")]
    [InlineData("ok", 1024, 5, "KernelCounterInterval")]
    public void Invalid_kernel_options_name_themselves(string table, int capacity, int intervalMs, string option)
    {
        var options = new RelayEngineOptions
        {
            KernelForwarding = KernelForwardingMode.On,
            KernelTableName = table,
            KernelTableCapacity = capacity,
            KernelCounterInterval = TimeSpan.FromMilliseconds(intervalMs),
        };

        Assert.Equal(option, Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
    }

    [Fact]
    public async Task Off_is_the_library_default_and_needs_nothing_from_the_kernel()
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { LoopCount = 1 });
        engine.Start();

        Assert.False(engine.KernelForwardingActive);
        Assert.Equal("kernel forwarding is off", engine.KernelForwardingUnavailableReason);
    }
}
