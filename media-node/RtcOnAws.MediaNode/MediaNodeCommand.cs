using System.CommandLine;

namespace RtcOnAws.MediaNode;

/// <summary>Builds the <c>RtcOnAws.MediaNode</c> root command and runs it (config file, signals, exit code).</summary>
public static class MediaNodeCommand
{
    /// <summary>The root command: the daemon, with every extension's options added.</summary>
    public static RootCommand Create(IReadOnlyList<IMediaNodeExtension> extensions)
    {
        var options = new DaemonOptions();
        var root = new RootCommand("RtcOnAws media-node: an rtpengine-compatible (ng protocol) RTP/RTCP relay for Kamailio.");
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        foreach (var extension in extensions)
        {
            extension.AddOptions(root);
        }

        var daemon = new Daemon(options, extensions);
        root.SetAction(daemon.RunAsync);
        return root;
    }

    /// <summary>Merges the config file into <paramref name="args"/>, parses and invokes.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        string[] expanded;
        try
        {
            var known = root.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
            expanded = ConfigFileArguments.Expand(args, known, Console.Error);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"error: --config-file: {exception.Message}").ConfigureAwait(false);
            return Daemon.UsageError;
        }

        // Signals are handled by the daemon itself (ShutdownSignals) so it can release its ports before exiting.
        return await root.Parse(expanded).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
