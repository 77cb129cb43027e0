using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>Routes a request dictionary to its command and turns every failure into an error reply.</summary>
public sealed class NgCommandDispatcher
{
    private readonly Dictionary<string, INgCommand> _commands;
    private readonly NgMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _supported;

    /// <summary>Serves <paramref name="commands"/>.</summary>
    public NgCommandDispatcher(IEnumerable<INgCommand> commands, NgMetrics metrics, ILogger<NgCommandDispatcher>? logger = null)
    {
        _commands = commands.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        _metrics = metrics;
        _logger = logger ?? NullLogger<NgCommandDispatcher>.Instance;
        _supported = string.Join(", ", _commands.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Executes <paramref name="dictionary"/>; never throws.</summary>
    public BencodeValue Dispatch(BencodeValue dictionary, IPEndPoint? source)
    {
        var name = "unknown";
        BencodeValue reply;
        try
        {
            var request = new NgRequest(dictionary, source);
            var commandName = request.RequireString("command");
            if (!_commands.TryGetValue(commandName, out var command))
            {
                throw new NgRequestException($"unknown command '{Shorten(commandName)}' (supported: {_supported})");
            }

            name = command.Name;
            reply = command.Execute(request);
        }
        catch (NgRequestException exception)
        {
            reply = NgReplies.Error(exception.Message);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "ng command {Command} failed unexpectedly", name);
            reply = NgReplies.Error($"internal error while handling '{name}': {exception.GetType().Name}");
        }

        var result = reply["result"]?.AsText() ?? "ok";
        _metrics.Commands.Increment(name, result);
        if (result == "error")
        {
            _logger.LogInformation("ng {Command} from {Source} refused: {Reason}", name, source, reply["error-reason"]?.AsText());
        }
        else
        {
            _logger.LogDebug("ng {Command} from {Source}: {Result}", name, source, result);
        }

        return reply;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
