using System.Net;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>An <c>offer</c> or <c>answer</c>, already validated and decoded from the ng dictionary.</summary>
/// <param name="CallId">The SIP Call-ID.</param>
/// <param name="FromTag">The SIP From tag (the offerer's tag in both offer and answer, as the SIP message carries it).</param>
/// <param name="ToTag">The SIP To tag (required for answer: it names the answering party).</param>
/// <param name="ViaBranch">The Via branch, kept for diagnostics.</param>
/// <param name="Sdp">The SDP body, decoded as Latin-1 so every byte survives the rewrite.</param>
public sealed record OfferAnswerRequest(string CallId, string FromTag, string? ToTag, string? ViaBranch, string Sdp)
{
    /// <summary>Where expected media addresses come from.</summary>
    public MediaAddressSource AddressSource { get; init; } = MediaAddressSource.Sdp;

    /// <summary>The SIP source address (<c>received-from</c>), used with <see cref="MediaAddressSource.SipSource"/>.</summary>
    public IPAddress? ReceivedFrom { get; init; }

    /// <summary>An explicit media address (<c>media address</c>) that overrides both SDP and SIP source.</summary>
    public IPAddress? MediaAddress { get; init; }

    /// <summary>The rtcp-mux behaviour.</summary>
    public RtcpMuxFlags RtcpMux { get; init; }

    /// <summary>Replace the address of the <c>o=</c> line (<c>replace: origin</c>).</summary>
    public bool ReplaceOrigin { get; init; }

    /// <summary>Endpoint learning for this call; null uses the node default.</summary>
    public EndpointLearning? EndpointLearning { get; init; }

    /// <summary>The label of the party sending this SDP (<c>label</c> / <c>from-label</c>).</summary>
    public string? Label { get; init; }

    /// <summary>The <c>ICE</c> key.</summary>
    public IceOption Ice { get; init; }

    /// <summary>The <c>DTLS</c> key.</summary>
    public DtlsOption Dtls { get; init; }

    /// <summary>
    /// <c>transport-protocol</c>: in an offer, the <c>m=</c> protocol towards the answerer (the node translates between
    /// it and the offerer's); <see cref="AcceptTransportProtocol"/> in an answer passes the answerer's protocol back
    /// to the offerer. Null keeps each party's own protocol.
    /// </summary>
    public string? TransportProtocol { get; init; }

    /// <summary>The <c>transport-protocol</c> value that accepts the answerer's protocol change.</summary>
    public const string AcceptTransportProtocol = "accept";

    /// <summary>The <c>SDES</c> settings.</summary>
    public SdesOptions Sdes { get; init; } = SdesOptions.Default;

    /// <summary>
    /// The logical interface the sender of this SDP is on (the first ng <c>direction</c>); null when not given or not
    /// one of this node's interfaces (rtpengine's legacy <c>internal</c>/<c>external</c> on a node without them).
    /// </summary>
    public string? SenderInterface { get; init; }

    /// <summary>The logical interface the recipient of this SDP is on (the second ng <c>direction</c>); null as for <see cref="SenderInterface"/>.</summary>
    public string? RecipientInterface { get; init; }
}
