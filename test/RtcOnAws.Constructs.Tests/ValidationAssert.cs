using RtcOnAws.Constructs.Validation;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

internal static class ValidationAssert
{
    /// <summary>Asserts <paramref name="create"/> throws one validation error per prop in <paramref name="badProps"/>, each naming what is allowed.</summary>
    public static RtcPropsValidationException FailsFor(Action create, params string[] badProps)
    {
        var error = Assert.Throws<RtcPropsValidationException>(create);
        Assert.Equal(badProps.Order(), error.Errors.Select(e => e.Prop).Order());
        foreach (var prop in badProps)
        {
            Assert.Contains(prop + ":", error.Message, StringComparison.Ordinal);
        }
        Assert.All(error.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Allowed)));
        return error;
    }
}
