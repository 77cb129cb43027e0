using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// A minimal rtpengine ng client (JSON bodies, which the ng protocol accepts as an alternative to bencode) with a
/// socket created in a namespace of the drill LAN. Retransmits the same cookie like Kamailio does.
/// </summary>
public sealed class NgClient : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;

    // Cookies must never repeat across clients: the server answers a repeated cookie from its reply cache.
    private readonly string _cookiePrefix = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
    private long _cookie;

    /// <summary>Creates the client in <paramref name="namespaceName"/> talking to <paramref name="server"/>.</summary>
    public NgClient(string namespaceName, IPEndPoint server)
    {
        _server = server;
        _socket = NetworkNamespace.Run(namespaceName, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
            return socket;
        });
        _socket.ReceiveTimeout = 1000;
    }

    /// <summary>Sends one command and returns the reply dictionary; throws when no reply comes or the result is an error.</summary>
    public JsonObject Send(JsonObject command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var cookie = $"{_cookiePrefix}_{Interlocked.Increment(ref _cookie).ToString(CultureInfo.InvariantCulture)}";
        var request = Encoding.UTF8.GetBytes($"{cookie} {command.ToJsonString()}");
        var buffer = new byte[65536];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            _socket.SendTo(request, _server);
            try
            {
                while (true)
                {
                    var length = _socket.Receive(buffer);
                    var text = Encoding.UTF8.GetString(buffer, 0, length);
                    var space = text.IndexOf(' ', StringComparison.Ordinal);
                    if (space > 0 && text[..space] == cookie)
                    {
                        var body = text[(space + 1)..];
                        var reply = body.TrimStart().StartsWith('{')
                            ? JsonNode.Parse(body)!.AsObject()
                            : throw new InvalidOperationException($"ng reply is not JSON: {body[..Math.Min(body.Length, 80)]}");
                        if ((string?)reply["result"] == "error")
                        {
                            throw new InvalidOperationException($"ng {(string?)command["command"]} failed: {(string?)reply["error-reason"]}");
                        }

                        return reply;
                    }
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                // retransmit with the same cookie
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"ng reply is not valid JSON: {e.Message}");
            }
        }

        throw new TimeoutException($"no ng reply from {_server} to {(string?)command["command"]}");
    }

    /// <summary>The RTP port of the first <c>m=</c> line of an SDP.</summary>
    public static int MediaPort(string sdp)
    {
        foreach (var line in sdp.Split('\n'))
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                return int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("the SDP has no m= line");
    }

    /// <summary>A one-stream PCMU offer/answer SDP for a user agent.</summary>
    public static string Sdp(IPAddress address, int port) =>
        $"v=0\r\no=- 1 1 IN IP4 {address}\r\ns=-\r\nc=IN IP4 {address}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
