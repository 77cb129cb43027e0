using System.Text;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// The rtpengine flags an SBC node sends media-node for calls through WebRTC gateways
/// (<see cref="KamailioSettings.WebRtcGatewayCidrs"/>): the browser's side speaks ICE, DTLS-SRTP and rtcp-mux, the other
/// side plain RTP. Media is bridged on the SBC pair, not on the gateway, so a WebRTC call lives in the pair's session
/// store and survives a failover like any other call.
/// </summary>
public static class GatewayMediaFlags
{
    /// <summary>Flags of an offer or answer that goes toward a browser and came from plain SIP: an offer.</summary>
    public const string OfferToBrowser = "replace-origin replace-session-connection transport-protocol=UDP/TLS/RTP/SAVPF ICE=force DTLS=passive rtcp-mux-offer";

    /// <summary>Flags of an answer that goes toward a browser.</summary>
    public const string AnswerToBrowser = "replace-origin replace-session-connection transport-protocol=UDP/TLS/RTP/SAVPF ICE=force DTLS=passive rtcp-mux-require";

    /// <summary>
    /// Flags of an offer from a browser that goes toward plain SIP. No <c>DTLS=off</c>: that would turn DTLS off on the
    /// browser's side too; <c>transport-protocol=RTP/AVP</c> alone gives the plain side no DTLS.
    /// </summary>
    public const string OfferToPlainSip = "replace-origin replace-session-connection transport-protocol=RTP/AVP ICE=remove rtcp-mux-demux";

    /// <summary>Flags of an answer from a browser that goes toward plain SIP.</summary>
    public const string AnswerToPlainSip = "replace-origin replace-session-connection transport-protocol=RTP/AVP ICE=remove rtcp-mux-demux";

    /// <summary>Message flag: the request came from a gateway (a browser is the requester).</summary>
    internal const int FromGatewayFlag = 3;

    /// <summary>Message flag: the request goes to a gateway (a browser is the recipient).</summary>
    internal const int ToGatewayFlag = 4;

    // The host of a Via header's sent-by ("SIP/2.0/UDP 10.40.3.21:5060;branch=..." gives 10.40.3.21).
    private const string CallerHopTransformation = @"re.subst,/^SIP\/2\.0\/[A-Za-z]+ +([^:; ]+).*$/\1/";

    /// <summary>
    /// <c>route[GATEWAY_SIDE]</c> (in a request route, once the next hop is known: sets the two flags, which the
    /// transaction's replies keep), <c>route[GATEWAY_REPLY_SIDE]</c> (the same flags from a reply without a transaction)
    /// and <c>route[MEDIA_FLAGS]</c> (sets <c>$var(offer_flags)</c> and <c>$var(answer_flags)</c>).
    /// </summary>
    internal static string Routes(IReadOnlyList<string> gatewayCidrs)
    {
        var text = new StringBuilder();
        text.Append("route[GATEWAY_SIDE] {\n");
        text.Append("    # The browser's side of a call is the side of a WebRTC gateway: the requester, or the next hop.\n");
        text.Append("    if (isdsturiset()) {\n        $var(next) = $dd;\n    } else {\n        $var(next) = $rd;\n    }\n");
        foreach (var cidr in gatewayCidrs)
        {
            text.Append($"    if (is_in_subnet(\"$si\", \"{cidr}\")) {{\n        setflag({FromGatewayFlag});\n    }}\n");
            text.Append($"    if (is_in_subnet(\"$var(next)\", \"{cidr}\")) {{\n        setflag({ToGatewayFlag});\n    }}\n");
        }
        text.Append("}\n\n");
        text.Append("route[GATEWAY_REPLY_SIDE] {\n");
        text.Append("    # A reply that matches no transaction (after a takeover, the peer relayed its request) carries no request flags:\n");
        text.Append("    # the browser's side from the reply itself. It comes from the callee's side; the Via below this proxy's own names\n");
        text.Append("    # the caller's side.\n");
        text.Append($"    $var(caller_hop) = $(hdr(Via)[1]{{{CallerHopTransformation}}});\n");
        foreach (var cidr in gatewayCidrs)
        {
            text.Append($"    if (is_in_subnet(\"$var(caller_hop)\", \"{cidr}\")) {{\n        setflag({FromGatewayFlag});\n    }}\n");
            text.Append($"    if (is_in_subnet(\"$si\", \"{cidr}\")) {{\n        setflag({ToGatewayFlag});\n    }}\n");
        }
        text.Append("}\n\n");
        text.Append($$"""
            route[MEDIA_FLAGS] {
                if (isflagset({{FromGatewayFlag}})) {
                    $var(offer_flags) = "{{OfferToPlainSip}}";
                    $var(answer_flags) = "{{AnswerToBrowser}}";
                } else if (isflagset({{ToGatewayFlag}})) {
                    $var(offer_flags) = "{{OfferToBrowser}}";
                    $var(answer_flags) = "{{AnswerToPlainSip}}";
                } else {
                    $var(offer_flags) = "{{KamailioConfig.OfferFlags}}";
                    $var(answer_flags) = "{{KamailioConfig.AnswerFlags}}";
                }
            }


            """);
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
