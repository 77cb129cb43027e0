using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>
/// The ng control socket: one UDP socket, one receive loop. Requests are handled one at a time in arrival order
/// (each takes microseconds), which also guarantees a retransmitted cookie is answered from the cache and never
/// executed twice. The receive buffer belongs to the loop; parsed requests reference it only until the reply is built.
/// </summary>
public sealed class NgServer : IAsyncDisposable
{
    private const int ReceiveBufferBytes = 65_536;

    private readonly Socket _socket;
    private readonly NgCommandDispatcher _dispatcher;
    private readonly NgServerOptions _options;
    private readonly NgReplyCache _cache;
    private readonly NgMetrics _metrics;
    private readonly ILogger _logger;
    private int _running;

    /// <summary>Binds <paramref name="listen"/> (port 0 picks a free port; see <see cref="LocalEndPoint"/>); <paramref name="time"/> ages the reply cache (default: the system clock).</summary>
    public NgServer(IPEndPoint listen, NgCommandDispatcher dispatcher, NgMetrics metrics, NgServerOptions? options = null, ILogger<NgServer>? logger = null, TimeProvider? time = null)
    {
        _dispatcher = dispatcher;
        _metrics = metrics;
        _options = options ?? new NgServerOptions();
        _logger = logger ?? NullLogger<NgServer>.Instance;
        _cache = new NgReplyCache(_options.ReplyCacheCapacity, _options.ReplyCacheLifetime, time);
        _socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(listen);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True while the receive loop runs.</summary>
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <summary>Receives and answers requests until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBufferBytes];
        EndPoint any = LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        Volatile.Write(ref _running, 1);
        _logger.LogInformation("ng control protocol listening on udp {Endpoint}", LocalEndPoint);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // An ICMP error for an earlier reply, or a datagram larger than any ng message: nothing to answer.
                    continue;
                }

                var source = (IPEndPoint)received.RemoteEndPoint;
                ReadOnlyMemory<byte>? reply;
                try
                {
                    reply = Handle(buffer.AsMemory(0, received.ReceivedBytes), source);
                }
                catch (Exception exception)
                {
                    // Handle is built never to throw; if it ever does, one request is lost, not the control socket.
                    _logger.LogError(exception, "ng datagram from {Source} could not be handled", source);
                    continue;
                }

                if (reply is { } datagram)
                {
                    await SendAsync(datagram, source, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed during shutdown.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// Handles one datagram and returns the reply datagram (cookie, space, dictionary), or null when it must be
    /// dropped because it has no cookie. Never throws. Exposed so tests can drive the full protocol path in-process.
    /// </summary>
    public ReadOnlyMemory<byte>? Handle(ReadOnlyMemory<byte> datagram, IPEndPoint? source)
    {
        NgMessage? message;
        try
        {
            message = NgMessageParser.Parse(datagram, _options.Limits, _options.MaxMessageBytes);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "ng datagram from {Source} could not be parsed", source);
            message = null;
        }

        if (message is null)
        {
            _metrics.Dropped.Increment();
            return null;
        }

        if (_cache.TryGet(message.Cookie.Span, source, out var cached))
        {
            _metrics.Retransmits.Increment();
            return cached;
        }

        BencodeValue reply;
        if (message.Dictionary is null)
        {
            _metrics.Commands.Increment("invalid", "error");
            reply = NgReplies.Error(message.Error!);
        }
        else
        {
            reply = _dispatcher.Dispatch(message.Dictionary, source);
        }

        var output = new ArrayBufferWriter<byte>(256);
        output.Write(message.Cookie.Span);
        output.GetSpan(1)[0] = (byte)' ';
        output.Advance(1);
        if (message.Format == NgBodyFormat.Json)
        {
            NgJsonCodec.Write(output, reply);
        }
        else
        {
            BencodeWriter.Write(output, reply);
        }

        _cache.Add(message.Cookie.Span, source, output.WrittenSpan);
        return output.WrittenMemory;
    }

    /// <summary>Closes the socket.</summary>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception)
        {
            _logger.LogWarning("ng reply of {Bytes} bytes to {Destination} failed: {Error}", datagram.Length, destination, exception.SocketErrorCode);
        }
    }
}
