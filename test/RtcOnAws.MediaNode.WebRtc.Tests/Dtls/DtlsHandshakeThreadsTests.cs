using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class DtlsHandshakeThreadsTests
{
    /// <summary>Only a guard against a hung test; nothing here depends on how long a step takes.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AThreadThatFinishedAHandshakeRunsTheNextInsteadOfANewOne()
    {
        var threads = new DtlsHandshakeThreads(maxThreads: 4, idleTimeout: Hang);
        var first = await RunAsync(threads, () => Environment.CurrentManagedThreadId);
        Assert.True(SpinWait.SpinUntil(() => threads.IdleThreads == 1, Hang));

        var second = await RunAsync(threads, () => Environment.CurrentManagedThreadId);

        Assert.Equal(first, second);
        Assert.Equal(1, threads.Threads);
    }

    [Fact]
    public async Task BeyondTheBoundAHandshakeWaitsForAThreadToFree()
    {
        var threads = new DtlsHandshakeThreads(maxThreads: 2, idleTimeout: Hang);
        using var running = new CountdownEvent(2);
        using var release = new SemaphoreSlim(0);
        for (int i = 0; i < 2; i++)
        {
            threads.Run(() =>
            {
                running.Signal();
                release.Wait();
            });
        }

        Assert.True(running.Wait(Hang));
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        threads.Run(() => third.SetResult());

        // Both threads are blocked and no third may start, so the queued handshake cannot have run.
        Assert.False(third.Task.IsCompleted);
        Assert.Equal(2, threads.Threads);
        release.Release();
        await third.Task.WaitAsync(Hang);
        Assert.Equal(2, threads.Threads);
        release.Release();
    }

    [Fact]
    public void HandshakesQueuedTogetherEachGetAThread()
    {
        var threads = new DtlsHandshakeThreads(maxThreads: 8, idleTimeout: Hang);
        using var all = new CountdownEvent(8);
        using var release = new ManualResetEventSlim();
        for (int i = 0; i < 8; i++)
        {
            threads.Run(() =>
            {
                all.Signal();
                release.Wait();
            });
        }

        // Each blocks until all eight run at once, which needs eight threads.
        Assert.True(all.Wait(Hang));
        Assert.Equal(8, threads.Threads);
        release.Set();
    }

    [Fact]
    public async Task AnIdleThreadExitsAfterTheIdleTimeout()
    {
        var threads = new DtlsHandshakeThreads(maxThreads: 2, idleTimeout: TimeSpan.Zero);
        await RunAsync(threads, () => 0);

        Assert.True(SpinWait.SpinUntil(() => threads.Threads == 0, Hang));
        Assert.Equal(0, threads.IdleThreads);
        Assert.Equal(7, await RunAsync(threads, () => 7));
    }

    private static Task<T> RunAsync<T>(DtlsHandshakeThreads threads, Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        threads.Run(() => done.SetResult(work()));
        return done.Task.WaitAsync(Hang);
    }
}
