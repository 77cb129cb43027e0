using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RtcOnAws.Bench.Relay;

/// <summary>Counts media-node's kernel forwarding entries (nftables map elements) in the relay's namespace: proof the kernel path was in use.</summary>
internal static partial class KernelEntries
{
    public static int Count(BenchNetwork network)
    {
        if (network.RelayNamespace is null)
        {
            return 0;
        }

        int total = 0;
        foreach (var map in new[] { "rtp", "rtcp" })
        {
            using var process = Process.Start(new ProcessStartInfo("ip", $"netns exec {network.RelayNamespace} nft -j list map ip rtconaws_30000_39999 {map}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            // A non-empty map lists its elements under one "elem" key, and each element (it has a counter) is an "elem" object.
            int elements = process.ExitCode == 0 ? Element().Count(output) : 0;
            total += Math.Max(0, elements - 1);
        }

        return total;
    }

    [GeneratedRegex("\"elem\"")]
    private static partial Regex Element();
}
