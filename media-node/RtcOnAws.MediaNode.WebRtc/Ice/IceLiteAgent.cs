using System.Net;
using System.Text;
using RtcOnAws.MediaNode.WebRtc.Stun;

namespace RtcOnAws.MediaNode.WebRtc.Ice;

/// <summary>
/// One WebRTC leg's ICE-lite agent (RFC 8445 2.5): it only answers the full agent's binding requests, is always
/// controlled, and sends media to the pair the peer nominated with USE-CANDIDATE (or, until it does, to the first
/// pair that passed a check). Only a request whose USERNAME
/// starts with our ufrag and whose MESSAGE-INTEGRITY was made with our password can answer, nominate or refresh
/// consent, so a stranger who knows the port cannot redirect media (RTP Bleed) nor keep a dead leg alive.
/// </summary>
public sealed class IceLiteAgent
{
    /// <summary>RFC 7675 5.1: consent expires 30 s after the last valid check.</summary>
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly TimeSpan _consentTimeout;
    private readonly Lock _lock = new();
    private IceCredentials _local;
    private byte[] _localUfragBytes;
    private byte[]? _remoteUfragBytes;
    private IPEndPoint? _selected;
    private IPEndPoint? _lastValidated;
    private long _lastValidTimestamp;
    private bool _everValidated;

    public IceLiteAgent(TimeProvider time, IceCredentials local, TimeSpan? consentTimeout = null)
    {
        _time = time;
        _local = local;
        _localUfragBytes = Encoding.ASCII.GetBytes(local.UsernameFragment);
        _consentTimeout = consentTimeout ?? DefaultConsentTimeout;
    }

    public IceCredentials LocalCredentials
    {
        get
        {
            lock (_lock)
            {
                return _local;
            }
        }
    }

    public string? RemoteUsernameFragment { get; private set; }

    public IceLiteStatistics Statistics { get; } = new();

    /// <summary>Where media goes: the nominated remote candidate, else the first one that passed a check; null
    /// before any valid check.</summary>
    public IPEndPoint? SelectedRemote
    {
        get
        {
            lock (_lock)
            {
                return _selected;
            }
        }
    }

    /// <summary>The last source that passed a check: DTLS may flow there before nomination (RFC 8445 12.1).</summary>
    public IPEndPoint? ValidatedRemote
    {
        get
        {
            lock (_lock)
            {
                return _selected ?? _lastValidated;
            }
        }
    }

    /// <summary>True while the peer keeps proving it wants our media (RFC 7675); a leg without consent must
    /// stop sending.</summary>
    public bool HasConsent
    {
        get
        {
            lock (_lock)
            {
                return _everValidated && _time.GetElapsedTime(_lastValidTimestamp) < _consentTimeout;
            }
        }
    }

    /// <summary>The peer's ufrag from its SDP; when known, the USERNAME's second half must match it.</summary>
    public void SetRemoteUsernameFragment(string? ufrag)
    {
        lock (_lock)
        {
            RemoteUsernameFragment = ufrag;
            _remoteUfragBytes = ufrag is null ? null : Encoding.ASCII.GetBytes(ufrag);
        }
    }

    /// <summary>ICE restart (RFC 8445 9): new local credentials and the peer's new ufrag. Media keeps flowing to
    /// the current pair until the peer nominates one with the new credentials; checks with the old ones fail.</summary>
    public void Restart(IceCredentials newLocal, string? remoteUfrag)
    {
        lock (_lock)
        {
            _local = newLocal;
            _localUfragBytes = Encoding.ASCII.GetBytes(newLocal.UsernameFragment);
            RemoteUsernameFragment = remoteUfrag;
            _remoteUfragBytes = remoteUfrag is null ? null : Encoding.ASCII.GetBytes(remoteUfrag);
        }
    }

    /// <summary>Handles one datagram the demultiplexer classified as STUN. On <see cref="IceCheckOutcome.Answered"/>
    /// or <see cref="IceCheckOutcome.Nominated"/> the response is in <paramref name="response"/>[..responseLength]
    /// and goes back to <paramref name="source"/>.</summary>
    public IceCheckOutcome HandleStun(ReadOnlySpan<byte> packet, IPEndPoint source, Span<byte> response, out int responseLength)
    {
        var outcome = Check(packet, source, response, out responseLength);
        Statistics.Record(outcome);
        return outcome;
    }

    private IceCheckOutcome Check(ReadOnlySpan<byte> packet, IPEndPoint source, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        if (StunMessage.TryParse(packet, out var message) != StunParseResult.Ok)
        {
            return IceCheckOutcome.DroppedMalformed;
        }

        if (message.Type != StunConstants.BindingRequest)
        {
            return message.Type is StunConstants.BindingIndication or StunConstants.BindingSuccessResponse
                or StunConstants.BindingErrorResponse
                ? IceCheckOutcome.Ignored
                : IceCheckOutcome.DroppedMalformed;
        }

        IceCredentials local;
        lock (_lock)
        {
            local = _local;
            if (!UsernameIsOurs(message.Username))
            {
                return IceCheckOutcome.DroppedUnknownUsername;
            }
        }

        if (!StunIntegrity.Verify(message, local.PasswordBytes))
        {
            return IceCheckOutcome.DroppedBadIntegrity;
        }

        var writer = new StunMessageWriter(response, StunConstants.BindingSuccessResponse, message.TransactionId);
        writer.AddXorMappedAddress(source);
        writer.AddMessageIntegrity(local.PasswordBytes);
        writer.AddFingerprint();
        responseLength = writer.Length;

        lock (_lock)
        {
            _everValidated = true;
            _lastValidTimestamp = _time.GetTimestamp();
            if (message.UseCandidate)
            {
                _selected = source;
                return IceCheckOutcome.Nominated;
            }

            // Until a pair is nominated, the first authenticated check's source carries media: a controlling peer
            // that never sends USE-CANDIDATE (rtpengine treats an offering lite agent this way) still gets media,
            // and a stranger still cannot, since only our password makes a check valid.
            _lastValidated = source;
            _selected ??= source;
            return IceCheckOutcome.Answered;
        }
    }

    /// <summary>USERNAME is "ourUfrag:theirUfrag" (RFC 8445 7.2.2).</summary>
    private bool UsernameIsOurs(ReadOnlySpan<byte> username)
    {
        var colon = username.IndexOf((byte)':');
        if (colon < 0 || !username[..colon].SequenceEqual(_localUfragBytes))
        {
            return false;
        }

        return _remoteUfragBytes is null || username[(colon + 1)..].SequenceEqual(_remoteUfragBytes);
    }
}
