using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>
/// The distribution's Chromium, headless with a fake microphone that needs no permission prompt, driven over the Chrome
/// DevTools Protocol on its page's WebSocket: navigate, evaluate (awaiting promises), and the page's console for failures.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _console = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(ChildProcess process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>What the page logged (console and uncaught exceptions), for failure messages.</summary>
    public string Console => string.Join('\n', _console);

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("rtconaws-chromium-").FullName;
        var process = ChildProcess.Start("chromium",
        [
            "--headless=new",
            // Tests run as root here and on CI, where Chromium's sandbox cannot start.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            // The media relay listens on loopback: without this flag the browser offers no loopback ICE candidates.
            "--allow-loopback-in-peer-connection",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            $"--user-data-dir={profile}",
            "about:blank",
        ]);
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    public async Task NavigateAsync(Uri page)
    {
        await SendAsync("Page.enable", new JsonObject());
        await SendAsync("Page.navigate", new JsonObject { ["url"] = page.ToString() });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await EvaluateAsync("document.readyState")).GetString() != "complete")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{page} did not load:\n{Console}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page, awaits it if it is a promise, and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var reply = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
        });
        if (reply.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"{expression} threw {exception.GetRawText()}\npage console:\n{Console}");
        }
        var result = reply.GetProperty("result");
        return result.TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    private async Task ConnectAsync()
    {
        // Chromium writes the port it picked (and the browser target) into the profile once DevTools listens.
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"chromium did not start DevTools:\n{_process.Output}");
            }
            await Task.Delay(100);
        }
        var port = int.Parse(File.ReadAllLines(portFile)[0], System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var targets = await http.GetFromJsonAsync<JsonElement>("json/list");
        var page = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page" && t.GetProperty("url").GetString() == "about:blank");
        await _socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), _stop.Token);
        _receiving = Task.Run(ReceiveAsync);
        await SendAsync("Runtime.enable", new JsonObject());
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement);
                message.SetLength(0);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException($"the DevTools connection closed:\n{Console}", exception));
            }
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
        {
            if (message.TryGetProperty("error", out var error))
            {
                reply.TrySetException(new InvalidOperationException($"DevTools error {error.GetRawText()}"));
            }
            else
            {
                reply.TrySetResult(message.GetProperty("result").Clone());
            }
            return;
        }
        var method = message.TryGetProperty("method", out var name) ? name.GetString() : null;
        if (method == "Runtime.consoleAPICalled")
        {
            var arguments = message.GetProperty("params").GetProperty("args").EnumerateArray()
                .Select(a => a.TryGetProperty("value", out var value) ? value.ToString() : a.GetProperty("type").GetString());
            _console.Enqueue(string.Join(' ', arguments));
        }
        else if (method == "Runtime.exceptionThrown")
        {
            _console.Enqueue(message.GetProperty("params").GetProperty("exceptionDetails").GetRawText());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
        }
        _socket.Dispose();
        await _process.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
