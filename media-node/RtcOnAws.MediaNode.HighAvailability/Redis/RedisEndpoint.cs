using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>
/// Where the call store lives, written as rtpengine's <c>--redis</c> value: <c>[PASSWORD@]HOST:PORT/DB</c>.
/// </summary>
/// <param name="Host">Host name or IP address (IPv6 in brackets on the command line).</param>
/// <param name="Port">TCP port, 1-65535.</param>
/// <param name="Database">Redis database number, 0-15 (keyspace notifications are per database).</param>
/// <param name="Password">Optional AUTH password; never printed by <see cref="ToString"/>.</param>
public sealed record RedisEndpoint(string Host, int Port, int Database, string? Password)
{
    /// <summary>TLS settings (<c>--redis-tls</c>); <c>null</c> for plaintext.</summary>
    public RedisTls? Tls { get; init; }

    /// <summary>Parses <c>[PASSWORD@]HOST:PORT/DB</c>; the error names the part that is wrong and what is allowed.</summary>
    public static RedisEndpoint Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string? password = null;
        var rest = value.Trim();
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            password = rest[..at];
            rest = rest[(at + 1)..];
            if (password.Length == 0)
            {
                throw new FormatException("--redis: the password before '@' is empty; omit '@' when Redis needs no password");
            }
        }

        var slash = rest.LastIndexOf('/');
        if (slash < 0)
        {
            throw new FormatException($"--redis: '{Redact(value, password)}' has no database; expected HOST:PORT/DB, e.g. 10.0.0.5:6379/0");
        }

        var dbText = rest[(slash + 1)..];
        if (!int.TryParse(dbText, NumberStyles.None, CultureInfo.InvariantCulture, out var database) || database > 15)
        {
            throw new FormatException($"--redis: database '{dbText}' must be a number from 0 to 15");
        }

        var hostPort = rest[..slash];
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"--redis: '{hostPort}' has no port; expected HOST:PORT/DB");
        }

        var portText = hostPort[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"--redis: port '{portText}' must be a number from 1 to 65535");
        }

        var host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out _))
            {
                throw new FormatException($"--redis: '[{host}]' is not an IPv6 address");
            }
        }
        else if (host.Contains(':'))
        {
            throw new FormatException($"--redis: write an IPv6 host in brackets, e.g. [{host}]:6379/0");
        }

        if (host.Length == 0)
        {
            throw new FormatException("--redis: the host is empty; expected HOST:PORT/DB");
        }

        return new RedisEndpoint(host, port, database, password);
    }

    /// <summary>The endpoint without the password, safe for logs.</summary>
    public override string ToString() => $"{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}/{Database}{(Tls is null ? "" : " over " + Tls)}";

    private static string Redact(string value, string? password) =>
        password is null ? value : value.Replace(password + "@", "***@", StringComparison.Ordinal);
}
