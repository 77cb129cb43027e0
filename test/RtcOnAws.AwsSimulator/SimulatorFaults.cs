using System.Net;

namespace RtcOnAws.AwsSimulator;

/// <summary>
/// Switches that make the simulator misbehave like AWS on a bad day. Faults apply to EC2, Route 53 and Auto Scaling
/// calls (not IMDS), in the order: latency, then gatherings, then queued throttles and server errors.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly Lock _lock = new();
    private readonly List<QueuedFault> _queue = [];
    private readonly List<Gathering> _gatherings = [];
    private TimeSpan _latency;

    /// <summary>Delay added before every AWS answer. Default: none.</summary>
    public TimeSpan Latency
    {
        get { lock (_lock) return _latency; }
        set { lock (_lock) _latency = value; }
    }

    /// <summary>
    /// The next <paramref name="count"/> matching calls are throttled in a row. Error code defaults to the service's own
    /// (EC2 RequestLimitExceeded/503, Auto Scaling Throttling/400, Route 53 Throttling/400).
    /// </summary>
    /// <param name="count">How many calls in a row.</param>
    /// <param name="action">Only calls to this operation (e.g. "AssignPrivateIpAddresses"); null = any.</param>
    /// <param name="errorCode">Error code to answer, e.g. "PriorRequestNotComplete".</param>
    public void ThrottleNext(int count, string? action = null, string? errorCode = null) =>
        Enqueue(new QueuedFault(count, action, errorCode, null));

    /// <summary>The next <paramref name="count"/> matching calls fail with a server error.</summary>
    /// <param name="count">How many calls in a row.</param>
    /// <param name="status">HTTP status (5xx). Default 503.</param>
    /// <param name="action">Only calls to this operation; null = any.</param>
    public void FailNext(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable, string? action = null)
    {
        if ((int)status < 500) throw new ArgumentOutOfRangeException(nameof(status), status, "FailNext injects server errors: use a 5xx status.");
        Enqueue(new QueuedFault(count, action, null, status));
    }

    /// <summary>
    /// The next <paramref name="count"/> calls to <paramref name="action"/> are held until all of them have arrived and
    /// are then answered together, in arrival order. Clients that read the same state before writing thus write in one
    /// burst: a deterministic collision instead of a hoped-for one.
    /// </summary>
    /// <returns>Completes when the held calls are released.</returns>
    public Task GatherNext(int count, string action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentException.ThrowIfNullOrEmpty(action);
        var gathering = new Gathering(count, action);
        lock (_lock) _gatherings.Add(gathering);
        return gathering.Released.Task;
    }

    /// <summary>Removes every queued fault and the latency.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _queue.Clear();
            foreach (var gathering in _gatherings) gathering.Released.TrySetResult();
            _gatherings.Clear();
            _latency = TimeSpan.Zero;
        }
    }

    /// <summary>Faults still queued (remaining count summed).</summary>
    public int Pending
    {
        get { lock (_lock) return _queue.Sum(f => f.Remaining); }
    }

    /// <summary>Joins the first open gathering for <paramref name="action"/> and waits for it to fill; returns at once when there is none.</summary>
    internal Task GatherAsync(string action, CancellationToken cancellationToken)
    {
        Gathering? gathering;
        lock (_lock)
        {
            gathering = _gatherings.FirstOrDefault(g => g.Action == action);
            if (gathering is null) return Task.CompletedTask;
            if (++gathering.Arrived == gathering.Count)
            {
                _gatherings.Remove(gathering);
                gathering.Released.TrySetResult();
            }
        }
        return gathering.Released.Task.WaitAsync(cancellationToken);
    }

    internal InjectedFault? Take(string action)
    {
        lock (_lock)
        {
            var fault = _queue.FirstOrDefault(f => f.Action is null || f.Action == action);
            if (fault is null) return null;
            fault.Remaining--;
            if (fault.Remaining == 0) _queue.Remove(fault);
            return fault.Status is { } status ? new InjectedFault(null, status) : new InjectedFault(fault.ErrorCode ?? "", null);
        }
    }

    private void Enqueue(QueuedFault fault)
    {
        if (fault.Remaining < 1) throw new ArgumentOutOfRangeException(nameof(fault), fault.Remaining, "count must be at least 1.");
        lock (_lock) _queue.Add(fault);
    }

    private sealed class Gathering(int count, string action)
    {
        public int Count { get; } = count;
        public string Action { get; } = action;
        public int Arrived { get; set; }
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class QueuedFault(int count, string? action, string? errorCode, HttpStatusCode? status)
    {
        public int Remaining { get; set; } = count;
        public string? Action { get; } = action;
        public string? ErrorCode { get; } = errorCode;
        public HttpStatusCode? Status { get; } = status;
    }
}

/// <summary>A fault to answer instead of the real operation: a throttle (ThrottleCode, "" = service default) or a 5xx.</summary>
internal sealed record InjectedFault(string? ThrottleCode, HttpStatusCode? ServerError);
