using System.Net;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>Runs the real <c>rtpengine-ng-client</c> (Debian rtpengine-utils) against the daemon.</summary>
internal static class NgClientTool
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IPEndPoint ng, params string[] arguments)
    {
        await using var process = ChildProcess.Start(
            "rtpengine-ng-client",
            new[] { "--proxy-address", ng.Address.ToString(), "--proxy-port", ng.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(arguments));
        if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"rtpengine-ng-client {string.Join(' ', arguments)} did not finish:\n{process.Output}");
        }
        return new Result(process.ExitCode, process.Output);
    }

    /// <summary>The SDP between the "New SDP" markers of the tool's output.</summary>
    public static string NewSdp(string output)
    {
        var start = output.IndexOf("New SDP:", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException($"no 'New SDP' in output:\n{output}");
        }

        var lines = output[start..].Split('\n').Skip(2).TakeWhile(l => !l.StartsWith("----->8", StringComparison.Ordinal));
        return string.Join("\n", lines);
    }

    /// <summary>The port of the m=audio line of <paramref name="sdp"/>.</summary>
    public static int AudioPort(string sdp) =>
        int.Parse(sdp.Split('\n').First(l => l.StartsWith("m=audio ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
}
