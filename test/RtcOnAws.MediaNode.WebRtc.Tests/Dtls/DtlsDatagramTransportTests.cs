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

    private static Task<int> ReceiveOnItsOwnThread(DtlsDatagramTransport transport, byte[] buffer, int waitMillis) =>
        Task.Factory.StartNew(() => transport.Receive(buffer, 0, buffer.Length, waitMillis), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>A fake clock that tells when the receive has armed its timeout, so the test advances time only after.</summary>
    private sealed class TimerWatchingTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _timerCreated.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timerCreated.TrySetResult();
            return timer;
        }
    }
}
