using System.Globalization;
using System.Text;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// How an SBC node reaches browsers (<see cref="KamailioSettings.WebRtcGatewayCidrs"/>): the gateways are an Auto Scaling
/// group whose addresses no config knows, but every gateway probes its SBCs with OPTIONS every few seconds. The node
/// remembers the gateways that probed it lately (htable <c>gateways</c>, keyed by their SIP URI, expiring after
/// <see cref="LivenessSeconds"/>), and sends a call from a trusted source (an upstream) into the domain to them one
/// after the other: a gateway without a registration of the called user answers 404 and the next one is tried.
/// </summary>
public static class GatewayRouting
{
    /// <summary>How long a gateway's last probe keeps it in the list (its probe interval is 5 s by default).</summary>
    public const int LivenessSeconds = 30;

    /// <summary>Message flag: the request went to a gateway from the remembered list; the failure route tries the next one.</summary>
    internal const int ToGatewaysFlag = 5;

    /// <summary>The htable definition of the remembered gateways.</summary>
    internal static string TableParameter =>
        string.Create(CultureInfo.InvariantCulture, $"modparam(\"htable\", \"htable\", \"gateways=>size=4;autoexpire={LivenessSeconds};\")\n");

    /// <summary><c>route[GATEWAY_SEEN]</c> (an OPTIONS probe from a gateway subnet over UDP) and <c>route[TO_GATEWAYS]</c>.</summary>
    internal static string Routes(IReadOnlyList<string> gatewayCidrs)
    {
        var text = new StringBuilder();
        text.Append("route[GATEWAY_SEEN] {\n");
        text.Append("    # A gateway's dispatcher probe: it is alive and reachable at its SIP socket.\n");
        text.Append("    if ($pr != \"udp\") {\n        return;\n    }\n");
        foreach (var cidr in gatewayCidrs)
        {
            text.Append($"    if (is_in_subnet(\"$si\", \"{cidr}\")) {{\n        $sht(gateways=>sip:$si:$sp) = 1;\n    }}\n");
        }
        text.Append("}\n\n");
        text.Append($$"""
            route[TO_GATEWAYS] {
                # A call into the domain from an upstream may be for a browser: the gateways that probed this node lately, one
                # after the other (failure_route). $avp(gateways) holds the ones not tried yet.
                sht_iterator_start("gw", "gateways");
                while (sht_iterator_next("gw")) {
                    $avp(gateways) = $shtitkey(gw);
                }
                sht_iterator_end("gw");
                if ($avp(gateways) == $null) {
                    sl_send_reply("480", "No WebRTC Gateway Available");
                    exit;
                }
                $du = $avp(gateways);
                $(avp(gateways)[0]) = $null;
                setflag({{ToGatewaysFlag}});
            }


            """);
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The failure route's part: a gateway without the called browser (404, 480), or one that failed, gives way to the next.</summary>
    internal static string NextGateway => $$"""
            if (isflagset({{ToGatewaysFlag}}) && $avp(gateways) != $null && (t_check_status("404|480|408|5[0-9][0-9]") || t_branch_timeout())) {
                $du = $avp(gateways);
                $(avp(gateways)[0]) = $null;
                t_on_failure("FAILURE");
                t_relay();
                exit;
            }

        """.Replace("\r\n", "\n", StringComparison.Ordinal);
}
