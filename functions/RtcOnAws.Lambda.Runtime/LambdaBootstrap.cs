namespace RtcOnAws.Lambda.Runtime;

/// <summary>
/// The event loop of a custom runtime: initialize once (reporting <c>/init/error</c> on failure), then forever
/// take the next event, run the handler under the event's deadline, and post its response or error.
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>Time kept back from the deadline so a cancelled handler can still post its error.</summary>
    public static readonly TimeSpan DeadlineReserve = TimeSpan.FromMilliseconds(300);

    /// <summary>Environment variable through which the X-Ray trace header of the current event is passed on.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>
    /// Runs the loop against the Runtime API named by <c>AWS_LAMBDA_RUNTIME_API</c>. Returns a process exit code
    /// when initialization fails or the Runtime API tells the process to go away; otherwise never returns.
    /// </summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<LambdaHandler>> initialize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        LambdaRuntimeClient client;
        try
        {
            client = LambdaRuntimeClient.FromEnvironment();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        using (client)
        {
            return await RunAsync(client, initialize, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the loop against <paramref name="client"/>; see <see cref="RunAsync(Func{CancellationToken, Task{LambdaHandler}}, CancellationToken)"/>.</summary>
    public static async Task<int> RunAsync(
        LambdaRuntimeClient client,
        Func<CancellationToken, Task<LambdaHandler>> initialize,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(initialize);
        ArgumentNullException.ThrowIfNull(time);

        LambdaHandler handler;
        try
        {
            handler = await initialize(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"initialization failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            await client.SendInitErrorAsync(LambdaError.From(e), cancellationToken).ConfigureAwait(false);
            return 1;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            LambdaInvocation invocation;
            try
            {
                invocation = await client.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeApiException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 1;
            }

            await InvokeAsync(client, handler, invocation, time, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task InvokeAsync(
        LambdaRuntimeClient client, LambdaHandler handler, LambdaInvocation invocation, TimeProvider time, CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        var budget = invocation.Deadline - time.GetUtcNow() - DeadlineReserve;
        // The budget runs out on the same clock it was computed from.
        using var budgetTimer = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.Zero, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budgetTimer.Token);

        ReadOnlyMemory<byte> response;
        try
        {
            response = await handler(invocation, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"invocation {invocation.RequestId} failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            await TryReportAsync(() => client.SendInvocationErrorAsync(invocation.RequestId, LambdaError.From(e), cancellationToken)).ConfigureAwait(false);
            return;
        }

        try
        {
            await client.SendResponseAsync(invocation.RequestId, response, cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeApiException e)
        {
            // Refused response (e.g. 413 too large): the caller must still learn that the invocation failed.
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await TryReportAsync(() => client.SendInvocationErrorAsync(invocation.RequestId, LambdaError.From(e), cancellationToken)).ConfigureAwait(false);
        }
    }

    private static async Task TryReportAsync(Func<Task> report)
    {
        try
        {
            await report().ConfigureAwait(false);
        }
        catch (RuntimeApiException e)
        {
            // Nothing more can be told to Lambda about this invocation; the next GET decides whether we go on.
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
        }
    }
}
