using System.CommandLine;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Hosting;

namespace RtcOnAws.MediaNode;

/// <summary>
/// A feature that plugs into the daemon without editing it (the HA layer is one): it adds its options to the root
/// command and is started once the engine is bound, before the ng socket starts answering.
/// </summary>
public interface IMediaNodeExtension
{
    /// <summary>Adds options to the daemon's root command (config-file keys work for them too).</summary>
    void AddOptions(RootCommand command);

    /// <summary>
    /// Starts the extension against the bound engine (calls, relay, metrics, health). The returned object is disposed
    /// at shutdown before the engine, so it can stop replicating before calls are ended.
    /// </summary>
    Task<IAsyncDisposable> StartAsync(MediaNodeEngine engine, ParseResult parseResult, ILoggerFactory loggers, CancellationToken cancellationToken);
}
