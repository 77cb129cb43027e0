using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode;

/// <summary>Turns SIGTERM (systemd, Kubernetes, tests) and SIGINT (Ctrl+C) into a cancellation token.</summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    /// <summary>Starts listening; the token also follows <paramref name="outer"/>.</summary>
    public ShutdownSignals(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    /// <summary>Cancelled when a signal arrives.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The signal that requested shutdown, if any.</summary>
    public PosixSignal? Received { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive so the daemon can release its ports and sockets before exiting.
        context.Cancel = true;
        Received = context.Signal;
        _source.Cancel();
    }
}
