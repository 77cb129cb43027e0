using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace RtcOnAws.Functions.Tests;

/// <summary>
/// Pins the test Runtime API endpoint to the documented protocol with a plain HTTP client, so the end-to-end tests
/// prove the function against the real shape and not against whatever the fake happens to accept.
/// </summary>
public sealed class LocalRuntimeApiProtocolTests : IAsyncLifetime
{
    private LocalRuntimeApi _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _api = await LocalRuntimeApi.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://{_api.HostAndPort}/2018-06-01/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Next_blocks_until_an_event_then_returns_it_with_the_documented_headers()
    {
        var next = _http.GetAsync("runtime/invocation/next");
        await _api.FirstNextRequested;
        Assert.False(next.IsCompleted, "GET next must long-poll until an event exists");

        var before = DateTimeOffset.UtcNow;
        var invoke = _api.InvokeAsync("""{"hello":"world"}""", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        using var response = await next;
        var after = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"hello":"world"}""", await response.Content.ReadAsStringAsync());
        var requestId = Assert.Single(response.Headers.GetValues("Lambda-Runtime-Aws-Request-Id"));
        Assert.True(Guid.TryParse(requestId, out _));
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Assert.Single(response.Headers.GetValues("Lambda-Runtime-Deadline-Ms")), System.Globalization.CultureInfo.InvariantCulture));
        // Invocation time + 30 s in whole milliseconds.
        Assert.InRange(deadline, before.AddSeconds(30).AddTicks(-(before.Ticks % TimeSpan.TicksPerMillisecond)), after.AddSeconds(30));
        Assert.StartsWith("arn:aws:lambda:", Assert.Single(response.Headers.GetValues("Lambda-Runtime-Invoked-Function-Arn")), StringComparison.Ordinal);
        Assert.StartsWith("Root=", Assert.Single(response.Headers.GetValues("Lambda-Runtime-Trace-Id")), StringComparison.Ordinal);

        using var posted = await _http.PostAsync($"runtime/invocation/{requestId}/response", new StringContent("""{"ok":true}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("OK", JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        var result = await invoke;
        Assert.False(result.IsError);
        Assert.Equal("""{"ok":true}""", result.Body);
    }

    [Fact]
    public async Task Error_path_records_the_error_type_header_and_document()
    {
        var invoke = _api.InvokeAsync("{}", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        using var next = await _http.GetAsync("runtime/invocation/next");
        var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"runtime/invocation/{requestId}/error")
        {
            Content = new StringContent("""{"errorMessage":"Error parsing event data.","errorType":"InvalidEventDataException","stackTrace":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Unhandled");
        using var posted = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var result = await invoke;
        Assert.True(result.IsError);
        Assert.Equal("Unhandled", result.ErrorTypeHeader);
        Assert.Equal("InvalidEventDataException", result.Json.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Unknown_request_id_is_rejected_with_400()
    {
        using var posted = await _http.PostAsync("runtime/invocation/not-a-request/response", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal("InvalidRequestID", JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task A_response_is_accepted_once_only()
    {
        var invoke = _api.InvokeAsync("{}", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        using var next = await _http.GetAsync("runtime/invocation/next");
        var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single();

        using var first = await _http.PostAsync($"runtime/invocation/{requestId}/response", new StringContent("1"));
        using var second = await _http.PostAsync($"runtime/invocation/{requestId}/response", new StringContent("2"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("1", (await invoke).Body);
    }

    [Fact]
    public async Task Init_error_is_accepted_and_recorded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "runtime/init/error")
        {
            Content = new StringContent("""{"errorMessage":"boom","errorType":"InitFailed"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Unhandled");
        using var posted = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var error = await _api.InitError.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("InitFailed", error.Json.GetProperty("errorType").GetString());
    }
}
