using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace RtcOnAws.MediaNode;

/// <summary>Console logging to stderr: JSON lines (structured, the default) or single-line text.</summary>
public static class LoggingSetup
{
    /// <summary>Accepted <c>--log-level</c> values: names, or rtpengine's syslog numbers 0-7.</summary>
    public static LogLevel ParseLevel(string text) => text.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" or "7" => LogLevel.Debug,
        "info" or "information" or "6" or "5" => LogLevel.Information,
        "warning" or "warn" or "4" => LogLevel.Warning,
        "error" or "3" => LogLevel.Error,
        "critical" or "2" or "1" or "0" => LogLevel.Critical,
        _ => throw new FormatException($"--log-level '{text}' must be trace, debug, info, warning, error, critical or a syslog level 0-7"),
    };

    /// <summary>Creates the logger factory; dispose it to flush.</summary>
    public static ILoggerFactory Create(LogLevel level, string format)
    {
        var json = format switch
        {
            "json" => true,
            "text" => false,
            _ => throw new FormatException($"--log-format '{format}' must be json or text"),
        };
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            builder.AddConsole(options =>
            {
                options.LogToStandardErrorThreshold = LogLevel.Trace;
                options.FormatterName = json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
            });
            if (json)
            {
                builder.AddJsonConsole(options =>
                {
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
            }
            else
            {
                builder.AddSimpleConsole(options =>
                {
                    options.SingleLine = true;
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                });
            }
        });
    }
}
