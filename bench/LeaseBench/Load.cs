using StackExchange.Redis;

namespace RtcOnAws.Bench.Lease;

/// <summary>
/// What an active node under stress looks like to its lease: a thread pool whose threads are all busy (blocking work
/// items keep arriving), and bursts of call writes on the data connection (a reconnect rewrites every call).
/// </summary>
internal sealed class Load : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];

    public static Load Start(IConnectionMultiplexer data, int burstWrites, int valueBytes)
    {
        var load = new Load();
        var token = load._stop.Token;

        // Keeps the pool saturated: work items that block a pool thread for 50 ms and queue their successor, one more
        // every 100 ms, so the pool's thread injection (about one thread per 0.5 s when starved) keeps lagging behind.
        var injector = new Thread(() =>
        {
            while (!token.IsCancellationRequested)
            {
                ThreadPool.UnsafeQueueUserWorkItem(Block, token, preferLocal: false);
                token.WaitHandle.WaitOne(100);
            }
        })
        { IsBackground = true, Name = "pool starvation" };
        injector.Start();
        load._threads.Add(injector);

        var writer = new Thread(() =>
        {
            var database = data.GetDatabase();
            var value = new byte[valueBytes];
            while (!token.IsCancellationRequested)
            {
                var writes = new Task[burstWrites];
                for (var i = 0; i < burstWrites; i++)
                {
                    writes[i] = database.StringSetAsync($"bench:call:{i}", value, TimeSpan.FromMinutes(5));
                }

                try
                {
                    Task.WaitAll(writes, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (AggregateException)
                {
                    // a write timed out under the load; the next burst goes on
                }

                token.WaitHandle.WaitOne(100);
            }
        })
        { IsBackground = true, Name = "call write bursts" };
        writer.Start();
        load._threads.Add(writer);
        return load;
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _stop.Dispose();
    }

    private static void Block(CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            return;
        }

        Thread.Sleep(50);
        ThreadPool.UnsafeQueueUserWorkItem(Block, token, preferLocal: false);
    }
}
