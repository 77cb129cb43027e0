using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>
/// One Redis connection driven entirely by its caller's thread: write a command, block on the socket for the reply.
/// The leader lease runs on its own high-priority thread and uses this instead of StackExchange.Redis, whose
/// synchronous calls still wait for the thread pool (measured with 3.4.35 in bench/results/lease.md: with the pool
/// starved, renewals waited hundreds of milliseconds, enough for a healthy active to fence itself). Every wait is bounded by the timeout; any failure or timeout closes the connection, so a
/// late reply is never read as the answer to the next command, and the next command reconnects.
/// One caller at a time (calls are serialized).
/// </summary>
public sealed class BlockingRedisConnection : IDisposable
{
    private readonly RedisEndpoint _endpoint;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _connectTimeout;
    private readonly string _clientName;
    private readonly RemoteCertificateValidationCallback? _tlsValidation;
    private readonly Lock _gate = new();
    private readonly byte[] _receive = new byte[1024];
    private byte[] _send = new byte[256];
    private int _receiveStart;
    private int _receiveEnd;
    private Socket? _socket;
    private Stream? _stream;
    private bool _disposed;

    /// <summary>Creates the connection; nothing is connected before the first command.</summary>
    /// <param name="endpoint">Where Redis is (password and database included).</param>
    /// <param name="timeout">Longest wait for each command's reply.</param>
    /// <param name="connectTimeout">Longest wait for each step of (re)connecting: TCP, TLS, the handshake replies.</param>
    /// <param name="clientName">Name shown by <c>CLIENT LIST</c>.</param>
    /// <param name="tlsValidation">Validates the server certificate when the connection uses TLS; <c>null</c> for plaintext.</param>
    public BlockingRedisConnection(RedisEndpoint endpoint, TimeSpan timeout, TimeSpan connectTimeout, string clientName, RemoteCertificateValidationCallback? tlsValidation)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(connectTimeout, timeout);
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        _endpoint = endpoint;
        _timeout = timeout;
        _connectTimeout = connectTimeout;
        _clientName = clientName;
        _tlsValidation = tlsValidation;
    }

    /// <summary>True while a connection is open (after a successful command, before a failure).</summary>
    public bool IsConnected => _stream is not null;

    /// <summary>
    /// Sends one command and returns its reply. Throws <see cref="RedisUnavailableException"/> when Redis cannot be
    /// reached or does not answer within the timeout, and <see cref="RedisErrorReplyException"/> for an error reply.
    /// </summary>
    public RedisReply Execute(params ReadOnlySpan<string> arguments)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                var stream = _stream ?? Connect();
                Write(stream, arguments);
                return ReadReply(stream);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or FormatException or System.Security.Authentication.AuthenticationException)
            {
                Close();
                throw new RedisUnavailableException($"Redis {_endpoint}: {e.Message}", e);
            }
            catch (RedisErrorReplyException)
            {
                // The reply was read completely, so the connection is still in step.
                throw;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Close();
        }
    }

    private Stream Connect()
    {
        var addresses = IPAddress.TryParse(_endpoint.Host, out var literal) ? [literal] : Dns.GetHostAddresses(_endpoint.Host);
        if (addresses.Length == 0)
        {
            throw new IOException($"{_endpoint.Host} has no address");
        }

        var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            ConnectWithin(socket, new IPEndPoint(addresses[0], _endpoint.Port), _connectTimeout);
            SetTimeout(socket, _connectTimeout);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (_tlsValidation is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, _tlsValidation);
                tls.AuthenticateAsClient(_endpoint.Host);
                stream = tls;
            }

            _socket = socket;
            _stream = stream;
            _receiveStart = _receiveEnd = 0;
            Handshake(stream);
            SetTimeout(socket, _timeout);
            return stream;
        }
        catch
        {
            Close();
            socket.Dispose();
            throw;
        }
    }

    private static void SetTimeout(Socket socket, TimeSpan timeout) =>
        socket.ReceiveTimeout = socket.SendTimeout = (int)Math.Max(1, timeout.TotalMilliseconds);

    private static void ConnectWithin(Socket socket, IPEndPoint target, TimeSpan timeout)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(target);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // The kernel bounds the wait: this connection serves a dedicated thread and never waits on a timer.
            if (!socket.Poll(timeout, SelectMode.SelectWrite))
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
        }

        socket.Blocking = true;
    }

    /// <summary>AUTH, SELECT and CLIENT SETNAME, sent together and answered in order.</summary>
    private void Handshake(Stream stream)
    {
        var commands = 0;
        if (_endpoint.Password is { } password)
        {
            Write(stream, ["AUTH", password]);
            commands++;
        }

        if (_endpoint.Database != 0)
        {
            Write(stream, ["SELECT", _endpoint.Database.ToString(CultureInfo.InvariantCulture)]);
            commands++;
        }

        Write(stream, ["CLIENT", "SETNAME", _clientName]);
        commands++;
        for (var i = 0; i < commands; i++)
        {
            ReadReply(stream);
        }
    }

    private void Write(Stream stream, ReadOnlySpan<string> arguments)
    {
        var length = 0;
        Append(ref length, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            Append(ref length, $"${Encoding.UTF8.GetByteCount(argument)}\r\n");
            Append(ref length, argument);
            Append(ref length, "\r\n");
        }

        stream.Write(_send, 0, length);
        stream.Flush();
    }

    private void Append(ref int length, string text)
    {
        var needed = length + Encoding.UTF8.GetByteCount(text);
        if (needed > _send.Length)
        {
            Array.Resize(ref _send, Math.Max(needed, _send.Length * 2));
        }

        length += Encoding.UTF8.GetBytes(text, _send.AsSpan(length));
    }

    private RedisReply ReadReply(Stream stream)
    {
        var line = ReadLine(stream);
        if (line.Length == 0)
        {
            throw new FormatException("empty reply line");
        }

        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return new RedisReply(RedisReplyKind.SimpleString, 0, body);
            case '-':
                throw new RedisErrorReplyException(body);
            case ':':
                return new RedisReply(RedisReplyKind.Integer, long.Parse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), null);
            case '$':
                var size = int.Parse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (size < 0)
                {
                    return new RedisReply(RedisReplyKind.Nil, 0, null);
                }

                var bytes = ReadExactly(stream, size + 2);
                return new RedisReply(RedisReplyKind.BulkString, 0, Encoding.UTF8.GetString(bytes, 0, size));
            default:
                throw new FormatException($"unexpected reply type '{line[0]}'");
        }
    }

    private string ReadLine(Stream stream)
    {
        while (true)
        {
            var end = _receive.AsSpan(_receiveStart, _receiveEnd - _receiveStart).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.UTF8.GetString(_receive, _receiveStart, end);
                _receiveStart += end + 2;
                return line;
            }

            Fill(stream);
        }
    }

    private byte[] ReadExactly(Stream stream, int count)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_receiveStart == _receiveEnd)
            {
                Fill(stream);
            }

            var chunk = Math.Min(count - copied, _receiveEnd - _receiveStart);
            Buffer.BlockCopy(_receive, _receiveStart, result, copied, chunk);
            _receiveStart += chunk;
            copied += chunk;
        }

        return result;
    }

    private void Fill(Stream stream)
    {
        if (_receiveStart == _receiveEnd)
        {
            _receiveStart = _receiveEnd = 0;
        }
        else if (_receiveEnd == _receive.Length)
        {
            if (_receiveStart == 0)
            {
                throw new FormatException("reply line longer than the receive buffer");
            }

            Buffer.BlockCopy(_receive, _receiveStart, _receive, 0, _receiveEnd - _receiveStart);
            _receiveEnd -= _receiveStart;
            _receiveStart = 0;
        }

        var read = stream.Read(_receive, _receiveEnd, _receive.Length - _receiveEnd);
        if (read == 0)
        {
            throw new IOException("Redis closed the connection");
        }

        _receiveEnd += read;
    }

    private void Close()
    {
        _stream?.Dispose();
        _socket?.Dispose();
        _stream = null;
        _socket = null;
        _receiveStart = _receiveEnd = 0;
    }
}
