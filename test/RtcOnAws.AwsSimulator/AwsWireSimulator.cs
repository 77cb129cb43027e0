using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RtcOnAws.AwsSimulator.AutoScaling;
using RtcOnAws.AwsSimulator.CloudWatch;
using RtcOnAws.AwsSimulator.Ec2;
using RtcOnAws.AwsSimulator.Http;
using RtcOnAws.AwsSimulator.Imds;
using RtcOnAws.AwsSimulator.Route53;

namespace RtcOnAws.AwsSimulator;

/// <summary>
/// A local AWS wire simulator on 127.0.0.1: EC2 (Query, 2016-11-15), Route 53 (REST/XML, 2013-04-01), Auto Scaling
/// (Query, 2011-01-01) and CloudWatch metrics (Query, 2010-08-01, SigV4 service "monitoring") on one base URL, and IMDSv2 per instance under /imds/{instanceId}/. Every AWS request must be
/// SigV4-signed. Point real clients at <see cref="Url"/> (AWS CLI: --endpoint-url; SDKs: ServiceURL or AWS_ENDPOINT_URL).
/// </summary>
public sealed class AwsWireSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AwsSimulatorOptions _options;
    private readonly Lock _callsLock = new();
    private readonly List<SimulatorCall> _calls = [];
    private readonly List<(Func<SimulatorCall, bool> Matches, TaskCompletionSource<SimulatorCall> Seen)> _callWaiters = [];
    private readonly CancellationTokenSource _stopping = new();

    private AwsWireSimulator(WebApplication app, AwsSimulatorOptions options)
    {
        _app = app;
        _options = options;
        Ec2 = new SimulatedEc2(options.TimeProvider, options.AccountId, options.Region);
        Route53 = new SimulatedRoute53(options.TimeProvider);
        AutoScaling = new SimulatedAutoScaling();
        CloudWatch = new SimulatedCloudWatch(options.TimeProvider);
        Imds = new SimulatedImds(options.TimeProvider);
    }

    /// <summary>Base URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Region the simulator expects in SigV4 scopes (Route 53: us-east-1).</summary>
    public string Region => _options.Region;

    /// <summary>EC2 state: seed and inspect.</summary>
    public SimulatedEc2 Ec2 { get; }

    /// <summary>Route 53 state: seed and inspect.</summary>
    public SimulatedRoute53 Route53 { get; }

    /// <summary>Auto Scaling lifecycle actions: seed and inspect.</summary>
    public SimulatedAutoScaling AutoScaling { get; }

    /// <summary>CloudWatch metric data points: inspect.</summary>
    public SimulatedCloudWatch CloudWatch { get; }

    /// <summary>IMDSv2 counters and switches.</summary>
    public SimulatedImds Imds { get; }

    /// <summary>Throttling, 5xx and latency injection.</summary>
    public SimulatorFaults Faults { get; } = new();

    /// <summary>Every request received (AWS and IMDS), oldest first.</summary>
    public IReadOnlyList<SimulatorCall> Calls
    {
        get { lock (_callsLock) return _calls.ToList(); }
    }

    /// <summary>AWS calls (not IMDS) received, oldest first.</summary>
    public IReadOnlyList<SimulatorCall> AwsCalls => Calls.Where(c => c.Service != "imds").ToList();

    /// <summary>
    /// Completes with the first recorded call (already received or still to come) that <paramref name="matches"/>, so a
    /// test can wait for "the client has polled" instead of waiting for time to pass.
    /// </summary>
    public Task<SimulatorCall> WaitForCallAsync(Func<SimulatorCall, bool> matches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matches);
        lock (_callsLock)
        {
            if (_calls.FirstOrDefault(matches) is { } seen) return Task.FromResult(seen);
            var waiter = new TaskCompletionSource<SimulatorCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            _callWaiters.Add((matches, waiter));
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>IMDS base URL of one instance (give it to an IMDS client as its endpoint).</summary>
    public Uri ImdsUrl(string instanceId) => new(Url, $"imds/{Uri.EscapeDataString(instanceId)}/");

    /// <summary>Starts a simulator on a free loopback port (or <see cref="AwsSimulatorOptions.Port"/>).</summary>
    public static async Task<AwsWireSimulator> StartAsync(AwsSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AwsSimulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var simulator = new AwsWireSimulator(app, options);
        app.Run(simulator.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return simulator;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Requests held by injected latency end now instead of holding up shutdown.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var path = request.Path.Value ?? "/";

        if (path.StartsWith("/imds/", StringComparison.Ordinal))
        {
            await HandleImdsAsync(context, path).ConfigureAwait(false);
            return;
        }

        var requestId = Guid.NewGuid().ToString();
        var query = QueryParams.Read(request, request.HasFormContentType || (request.Method == "POST" && path == "/") ? body : []);
        var (service, action) = Route(request.Method, path, query);
        try
        {
            if (service is null || action is null)
                throw new SimulatorException("InvalidAction", $"No simulated operation for {request.Method} {path} (Action={query.Get("Action")}, Version={query.Get("Version")}).");
            SigV4Check.Verify(request, body, service, service == "route53" ? "us-east-1" : _options.Region, _options.SecretKeys);
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await InjectFaultsAsync(service, action, aborted.Token).ConfigureAwait(false);
            var answer = service switch
            {
                "ec2" => AwsWireFormat.Ec2Success(action, requestId, Ec2.Execute(action, query)),
                "autoscaling" => AwsWireFormat.QuerySuccess(AutoScaling.Execute(action, query), SimulatedAutoScaling.Ns, requestId),
                "monitoring" => AwsWireFormat.QuerySuccess(CloudWatch.Execute(action, query), SimulatedCloudWatch.Ns, requestId),
                _ => Route53.Execute(action, path, query, body),
            };
            Record(service, action, HttpStatusCode.OK, null);
            await WriteXmlAsync(context, HttpStatusCode.OK, answer, requestId).ConfigureAwait(false);
        }
        catch (SimulatorException ex)
        {
            var effectiveService = service ?? "ec2";
            Record(effectiveService, action ?? path, ex.Status, ex.Code);
            var error = effectiveService switch
            {
                "ec2" => AwsWireFormat.Ec2Error(ex.Code, ex.Message, requestId),
                "route53" => AwsWireFormat.ErrorResponse(SimulatedRoute53.Ns, ex.Code, ex.Message, requestId, ex.Status),
                "monitoring" => AwsWireFormat.ErrorResponse(SimulatedCloudWatch.Ns, ex.Code, ex.Message, requestId, ex.Status),
                _ => AwsWireFormat.ErrorResponse(SimulatedAutoScaling.Ns, ex.Code, ex.Message, requestId, ex.Status),
            };
            await WriteXmlAsync(context, ex.Status, error, requestId).ConfigureAwait(false);
        }
    }

    private static (string? Service, string? Action) Route(string method, string path, QueryParams query)
    {
        if (path.StartsWith("/2013-04-01/", StringComparison.Ordinal))
            return ("route53", SimulatedRoute53.Operation(method, path));
        var action = query.Get("Action");
        return query.Get("Version") switch
        {
            "2016-11-15" => ("ec2", action),
            "2011-01-01" => ("autoscaling", action),
            "2010-08-01" => ("monitoring", action),
            _ => (null, action),
        };
    }

    private async Task InjectFaultsAsync(string service, string action, CancellationToken cancellationToken)
    {
        var latency = Faults.Latency;
        if (latency > TimeSpan.Zero) await Task.Delay(latency, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        await Faults.GatherAsync(action, cancellationToken).ConfigureAwait(false);
        switch (Faults.Take(action))
        {
            case { ServerError: { } status }:
                throw new SimulatorException(AwsWireFormat.ServerErrorCode(service, status), "We encountered an internal error. Please try again.", status);
            case { ThrottleCode: { } code }:
                var (throttleCode, throttleStatus, message) = AwsWireFormat.Throttle(service, code);
                throw new SimulatorException(throttleCode, message, throttleStatus);
        }
    }

    private async Task HandleImdsAsync(HttpContext context, string path)
    {
        // /imds/{instanceId}/latest/...
        var rest = path["/imds/".Length..];
        var slash = rest.IndexOf('/');
        var instanceId = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        var subPath = slash < 0 ? "" : rest[(slash + 1)..];
        var (status, body) = (context.Request.Method, subPath) switch
        {
            ("PUT", "latest/api/token") => Imds.IssueToken(instanceId, context.Request.Headers["X-aws-ec2-metadata-token-ttl-seconds"].FirstOrDefault()),
            (_, "latest/api/token") => (HttpStatusCode.MethodNotAllowed, ""),
            ("GET", _) when subPath.StartsWith("latest/meta-data/", StringComparison.Ordinal) => ReadMetadata(context, instanceId, subPath["latest/meta-data/".Length..]),
            _ => (HttpStatusCode.NotFound, ""),
        };
        Record("imds", subPath, status, null);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private (HttpStatusCode, string) ReadMetadata(HttpContext context, string instanceId, string metadataPath)
    {
        if (!Imds.IsValid(instanceId, context.Request.Headers["X-aws-ec2-metadata-token"].FirstOrDefault()))
            return (HttpStatusCode.Unauthorized, "");
        var value = Ec2.Metadata(instanceId, metadataPath, _options.Region);
        if (value is null) return (HttpStatusCode.NotFound, "");
        Imds.CountRead();
        return (HttpStatusCode.OK, value);
    }

    private void Record(string service, string action, HttpStatusCode status, string? errorCode)
    {
        var call = new SimulatorCall(service, action, (int)status, errorCode, _options.TimeProvider.GetUtcNow());
        lock (_callsLock)
        {
            _calls.Add(call);
            _callWaiters.RemoveAll(w => w.Matches(call) && w.Seen.TrySetResult(call));
        }
    }

    private static async Task WriteXmlAsync(HttpContext context, HttpStatusCode status, XElement body, string requestId)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var xml = new XDocument(new XDeclaration("1.0", "UTF-8", null), body);
        await context.Response.WriteAsync(xml.Declaration + "\n" + body.ToString(SaveOptions.DisableFormatting), context.RequestAborted).ConfigureAwait(false);
    }
}
