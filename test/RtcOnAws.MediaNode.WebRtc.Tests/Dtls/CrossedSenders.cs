using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

/// <summary>An in-memory wire between two sessions: what one sends, the other receives, optionally with a
/// hook that can drop or inspect datagrams.</summary>
internal sealed class CrossedSenders
{
    public CrossedSenders() => (ToServer, ToClient) = (new Link(), new Link());

    public Link ToServer { get; }

    public Link ToClient { get; }

    internal sealed class Link : IDtlsDatagramSender
    {
        private int _sent;

        public DtlsSession? Target { get; set; }

        public int Sent => Volatile.Read(ref _sent);

        public bool IsOpen { get; set; } = true;

        public void Send(ReadOnlySpan<byte> datagram)
        {
            Interlocked.Increment(ref _sent);
            Target?.Deliver(datagram);
        }
    }
}
