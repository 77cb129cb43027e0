using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>Reads a node's <c>/metrics</c> over HTTP from inside a namespace on the drill LAN.</summary>
public sealed class NodeProbe(string fromNamespace, IPEndPoint http)
{
    /// <summary>The node's metrics text, or <c>null</c> when it does not answer.</summary>
    public async Task<string?> MetricsAsync(CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = NetworkNamespace.Run(fromNamespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        using (socket)
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(TimeSpan.FromSeconds(3));
                await socket.ConnectAsync(http, limit.Token).ConfigureAwait(false);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /metrics HTTP/1.0\r\nHost: {http}\r\n\r\n"), limit.Token).ConfigureAwait(false);
                using var stream = new NetworkStream(socket);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var response = await reader.ReadToEndAsync(limit.Token).ConfigureAwait(false);
                var body = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                return response.StartsWith("HTTP/1.", StringComparison.Ordinal) && response.Contains(" 200 ", StringComparison.Ordinal) && body >= 0 ? response[(body + 4)..] : null;
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>One sample, e.g. <c>medianode_ha_role{role="active"}</c>; <c>null</c> when absent or unreachable.</summary>
    public async Task<double?> SampleAsync(string series, CancellationToken cancellationToken) =>
        Sample(await MetricsAsync(cancellationToken).ConfigureAwait(false), series);

    /// <summary>One sample from metrics text.</summary>
    public static double? Sample(string? metrics, string series)
    {
        if (metrics is null)
        {
            return null;
        }

        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal)
                && double.TryParse(line.AsSpan(series.Length + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The role the node reports (<c>active</c>, <c>standby</c>, <c>fenced</c>), or <c>null</c>.</summary>
    public async Task<string?> RoleAsync(CancellationToken cancellationToken)
    {
        var metrics = await MetricsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var role in new[] { "active", "standby", "fenced" })
        {
            if (Sample(metrics, $"medianode_ha_role{{role=\"{role}\"}}") == 1)
            {
                return role;
            }
        }

        return null;
    }
}
