using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class DtlsDatagramTransportTests
{
    /// <summary>Only a guard against a hung receive; the receive timeout itself runs on fake time.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    private readonly TimerWatchingTimeProvider _time = new();

    [Fact]
    public async Task AReceiveTimeoutEndsWhenTheTimeProviderPassesIt()
    {
        var transport = new DtlsDatagramTransport(new CrossedSenders.Link(), _time);
        var receive = ReceiveOnItsOwnThread(transport, new byte[DtlsDatagramTransport.DatagramLimit], waitMillis: 1000);
        await _time.TimerCreated.WaitAsync(Hang);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(receive.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(-1, await receive.WaitAsync(Hang));
        Assert.False(transport.IsClosed);
    }

    [Fact]
    public async Task ADatagramArrivingDuringTheWaitIsReturnedWithoutTimePassing()
    {
        var transport = new DtlsDatagramTransport(new CrossedSenders.Link(), _time);
        var buffer = new byte[DtlsDatagramTransport.DatagramLimit];
        var receive = ReceiveOnItsOwnThread(transport, buffer, waitMillis: 1000);
        await _time.TimerCreated.WaitAsync(Hang);

        Assert.True(transport.TryEnqueue([22, 254, 253, 7]));

        Assert.Equal(4, await receive.WaitAsync(Hang));
        Assert.Equal([22, 254, 253, 7], buffer[..4]);
    }

    [Fact]
    public async Task EachTimedReceiveWaitsItsOwnFullTimeoutOnTheReusedTimer()
    {
        var transport = new DtlsDatagramTransport(new CrossedSenders.Link(), _time);
        var buffer = new byte[DtlsDatagramTransport.DatagramLimit];
        var first = ReceiveOnItsOwnThread(transport, buffer, waitMillis: 1000);
        await _time.NextArm(Hang);
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(-1, await first.WaitAsync(Hang));

        var second = ReceiveOnItsOwnThread(transport, buffer, waitMillis: 500);
        await _time.NextArm(Hang);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(-1, await second.WaitAsync(Hang));
        Assert.Equal(1, _time.TimersCreated);
    }

    [Fact]
    public async Task ClosingWakesAWaitingReceiveWhichFailsAndLaterOnesFailAtOnce()
    {
        var transport = new DtlsDatagramTransport(new CrossedSenders.Link(), _time);
        var buffer = new byte[DtlsDatagramTransport.DatagramLimit];
        var receive = ReceiveOnItsOwnThread(transport, buffer, waitMillis: 0);
        Assert.True(transport.TryEnqueue([22, 254, 253, 1]));
        Assert.Equal(4, await receive.WaitAsync(Hang));

        var waiting = ReceiveOnItsOwnThread(transport, buffer, waitMillis: 0);
        transport.Close();

        await Assert.ThrowsAsync<IOException>(() => waiting.WaitAsync(Hang));
        Assert.Throws<IOException>(() => transport.Receive(buffer, 0, buffer.Length, 1000));
        Assert.False(transport.TryEnqueue([22, 254, 253, 2]));
    }

    private static Task<int> ReceiveOnItsOwnThread(DtlsDatagramTransport transport, byte[] buffer, int waitMillis) =>
        Task.Factory.StartNew(() => transport.Receive(buffer, 0, buffer.Length, waitMillis), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>A fake clock that tells when the receive has armed its timeout (created or moved its timer), so the
    /// test advances time only after.</summary>
    private sealed class TimerWatchingTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _arms = new(0);
        private int _timersCreated;

        public Task TimerCreated => _timerCreated.Task;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        public async Task NextArm(TimeSpan hang)
        {
            Assert.True(await _arms.WaitAsync(hang));
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new WatchedTimer(base.CreateTimer(callback, state, dueTime, period), _arms);
            Interlocked.Increment(ref _timersCreated);
            _timerCreated.TrySetResult();
            _arms.Release();
            return timer;
        }

        private sealed class WatchedTimer(ITimer timer, SemaphoreSlim arms) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                var changed = timer.Change(dueTime, period);
                arms.Release();
                return changed;
            }

            public void Dispose() => timer.Dispose();

            public ValueTask DisposeAsync() => timer.DisposeAsync();
        }
    }
}
