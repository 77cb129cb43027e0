namespace RtcOnAws.Testing;

/// <summary>
/// Start and clean-up of what a test class starts in <c>IAsyncLifetime.InitializeAsync</c> (servers, processes,
/// namespaces). xUnit 2 calls <c>DisposeAsync</c> only after <c>InitializeAsync</c> succeeded (class and collection
/// fixtures are disposed either way): a test class whose start failed halfway would leave what it had started running.
/// </summary>
internal static class TestLifetime
{
    /// <summary>
    /// Runs <paramref name="start"/>; when it throws, runs <paramref name="cleanUp"/> (which copes with what was never
    /// started) and rethrows the start's exception, with the clean-up's if that failed too.
    /// </summary>
    public static async Task StartOrCleanUpAsync(Func<Task> start, Func<Task> cleanUp)
    {
        try
        {
            await start();
        }
        catch (Exception startFailure)
        {
            try
            {
                await cleanUp();
            }
            catch (Exception cleanUpFailure)
            {
                throw new AggregateException(startFailure, cleanUpFailure);
            }

            throw;
        }
    }

    /// <summary>
    /// Disposes every resource in order (<see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>), skipping those never
    /// created; one that fails to dispose does not keep the others running.
    /// </summary>
    public static async Task DisposeAllAsync(params object?[] resources)
    {
        var failures = new List<Exception>();
        foreach (var resource in resources)
        {
            try
            {
                switch (resource)
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync();
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception failure)
            {
                failures.Add(failure);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException(failures);
        }
    }
}
