namespace RtcOnAws.Sbc.Contracts;

/// <summary>Writes kamailio.cfg for validated settings; one method per part of the script.</summary>
internal sealed class KamailioConfigWriter(KamailioSettings settings)
{
    private readonly KamailioScript _script = new();
    private readonly bool _replicated = settings.PeerAddress is not null;
    private readonly bool _dispatched = settings.Routing.Upstreams.Count > 0;
    private readonly bool _advertised = settings.AdvertisedAddress is not null;
    private readonly string _floating = settings.FloatingAddress;
    private readonly string _sipPort = Number(settings.SipPort);
    private readonly bool _ownProbeSocket = KamailioConfig.ProbesFromNodeAddress(settings);
    private readonly bool _healthAnswer = settings.MediaNodeHttpPort is not null;
    // With WebRTC gateways the flags depend on the call's side (GatewayMediaFlags); without, they are constants.
    private readonly bool _gateways = settings.WebRtcGatewayCidrs.Count > 0;

    public string Write()
    {
        Globals();
        Modules();
        RequestRoute();
        ChecksRoute();
        TrustedRoute();
        PolicyRoute();
        if (_gateways)
        {
            Append(GatewayMediaFlags.Routes(settings.WebRtcGatewayCidrs));
            Append(GatewayRouting.Routes(settings.WebRtcGatewayCidrs));
        }
        OfferRoute();
        WithinDialogRoute();
        if (_advertised)
        {
            SidesRoute();
        }
        RecordRouteRoute();
        RelayRoute();
        FloatingSocketRoute();
        ReplyAndFailureRoutes();
        if (_replicated)
        {
            TakeoverRoutes();
        }
        if (_healthAnswer)
        {
            HealthAnswer();
        }
        return _script.ToString();
    }

    private void Globals()
    {
        _script.Globals($"SBC node {Number(settings.NodeIndex)}", nameof(KamailioConfig), settings.LogLevel, settings.Workers, "RtcOnAws SBC");
        Append("""
            # The floating address is bound before this node owns it, so the standby already listens when it moves.
            ip_free_bind=1
            tcp_connection_lifetime=3605

            """);
        if (_healthAnswer)
        {
            // Health checkers send HTTP GET without Content-Length (event_route[xhttp:request]).
            Line("tcp_accept_no_cl=yes");
        }
        var advertise = _advertised ? $" advertise {settings.AdvertisedAddress}:{_sipPort}" : "";
        // The SIP sockets come first: requests and local requests (probes, timeout BYEs) leave from the floating address.
        Line($"listen=udp:{_floating}:{_sipPort}{advertise}");
        Line($"listen=tcp:{_floating}:{_sipPort}{advertise}");
        if (_replicated)
        {
            Line($"listen=udp:{settings.NodeAddress}:{Number(settings.DmqPort)}");
        }
        if (_ownProbeSocket)
        {
            // Dispatcher probes leave from the node's own address: a standby does not own the floating address, and a probe
            // sent from it fails ("Network is unreachable"), which would mark every upstream down right before a takeover.
            foreach (var transport in settings.Routing.Upstreams.Select(u => u.Transport).Distinct())
            {
                Line($"listen={KamailioConfig.ProbeSocket(settings, transport)}");
            }
        }
        if (_advertised)
        {
            // Requests addressed to the Elastic IP are for this proxy.
            Line($"alias=udp:{settings.AdvertisedAddress}:{_sipPort}");
            Line($"alias=tcp:{settings.AdvertisedAddress}:{_sipPort}");
        }
        Line("");
    }

    private void Modules()
    {
        _script.LoadModules(
        [
            "ipops", "pike",
            .. _replicated ? ["dmq"] : Array.Empty<string>(),
            .. _replicated || _gateways ? ["htable"] : Array.Empty<string>(),
            "dialog", "rtpengine",
            .. _dispatched ? ["dispatcher"] : Array.Empty<string>(),
            .. _healthAnswer ? ["xhttp", "http_client"] : Array.Empty<string>(),
        ]);
        _script.TransactionParameters(settings.ControlSocket);
        Append($"""
            modparam("pike", "sampling_time_unit", {settings.Flood.WindowSeconds})
            modparam("pike", "reqs_density_per_unit", {settings.Flood.RequestsPerWindow})
            modparam("pike", "remove_latency", 4)
            # Distinct dialog ids per node (start + 2n): a dialog replicated from the peer never collides with a local one.
            modparam("dialog", "h_id_start", {settings.NodeIndex})
            modparam("dialog", "h_id_step", 2)
            modparam("dialog", "default_timeout", {settings.DialogTimeoutSeconds})
            # An expired dialog is ended both ways, and its media deleted (event_route[tm:local-request]).
            modparam("dialog", "send_bye", 1)
            modparam("dialog", "dlg_match_mode", 1)
            # A dialog still unanswered this long is destroyed (by a sweep that runs every 90 s).
            modparam("dialog", "early_timeout", {Number(settings.EarlyDialogTimeoutSeconds)})
            # The ng protocol has no authentication: media-node listens on loopback, for this node's Kamailio only.
            modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:{Number(settings.NgControlPort)}")
            modparam("rtpengine", "rtpengine_tout_ms", 1000)
            modparam("rtpengine", "rtpengine_retr", 2)
            # A media node that did not answer (still starting, restarting) is retried after 2 s, not the default 60 s.
            modparam("rtpengine", "rtpengine_disable_tout", 2)

            """);
        if (_healthAnswer)
        {
            Append("""
                # media-node answers its loopback /serving at once; a health check must not hold a SIP worker for long.
                modparam("http_client", "connection_timeout", 1)

                """);
        }
        if (_replicated)
        {
            Append($"""
                # Dialogs replicate to the peer over DMQ on the nodes' own addresses: the standby holds every dialog when the address moves.
                modparam("dialog", "enable_dmq", 1)
                modparam("dmq", "server_address", "sip:{settings.NodeAddress}:{Number(settings.DmqPort)}")
                modparam("dmq", "notification_address", "sip:{settings.PeerAddress}:{Number(settings.DmqPort)}")
                modparam("dmq", "num_workers", 2)
                # Calls this node answered after a takeover while their replicated dialog was still early (see reply_route):
                # tracked here for the dialog lifetime, with what ending them takes kept a minute longer.
                modparam("htable", "htable", "takeover=>size=8;autoexpire={Number(settings.DialogTimeoutSeconds)};")
                modparam("htable", "htable", "takeover_call=>size=8;autoexpire={Number(settings.DialogTimeoutSeconds + 60)};")

                """);
        }
        if (_gateways)
        {
            Line("# The WebRTC gateways that probed this node lately: calls from upstreams to browsers go to them (GatewayRouting).");
            Append(GatewayRouting.TableParameter);
            Line("");
        }
        if (_dispatched)
        {
            _script.DispatcherParameters(settings.DispatcherFile, $"sip:sbc@{settings.Domain}", settings.Routing.ProbeIntervalSeconds, settings.Routing.ProbeFailureThreshold);
        }
    }

    private void RequestRoute()
    {
        Line("request_route {");
        if (_replicated)
        {
            Append($$"""
                    if ($Rp == {{Number(settings.DmqPort)}} && $Ri == "{{settings.NodeAddress}}") {
                        # The DMQ listener serves the pair's nodes and nothing else.
                        if (is_method("KDMQ") && ($si == "{{settings.PeerAddress}}" || $si == "{{settings.NodeAddress}}")) {
                            dmq_handle_message();
                        }
                        exit;
                    }

                """);
        }
        if (_ownProbeSocket)
        {
            Append($$"""
                    if ($Rp == {{_sipPort}} && $Ri == "{{settings.NodeAddress}}") {
                        # The probe socket receives the probes' replies; requests belong on the floating address.
                        exit;
                    }

                """);
        }
        Append($$"""
                route(CHECKS);

                if (is_method("OPTIONS") && !has_totag() && ($rU == $null || uri == myself || $rd == "{{settings.Domain}}")) {
                    # Keepalives and health probes are answered here, never forwarded.
                    {{(_gateways ? "route(GATEWAY_SEEN);\n        " : "")}}sl_send_reply("200", "OK");
                    exit;
                }


            """);
        _script.InTransactionPrologue(anchorsMedia: true);
        Append("""
                route(POLICY);
                if (is_method("INVITE")) {
                    route(OFFER);
                    dlg_manage();
                }
                if (is_method("INVITE|SUBSCRIBE|REFER")) {
                    route(RECORD_ROUTE);
                }
                route(RELAY);
            }

            """);
    }

    private void ChecksRoute() => _script.ChecksRoute("""
            if (!route(TRUSTED) && !pike_check_req()) {
                # A flooding source gets no reply at all: replies would amplify the flood.
                exit;
            }

        """, settings.MaxMessageBytes);

    private void TrustedRoute()
    {
        Line("route[TRUSTED] {");
        foreach (var cidr in settings.TrustedSourceCidrs)
        {
            Line($"    if (is_in_subnet(\"$si\", \"{cidr}\")) {{");
            Line("        return 1;");
            Line("    }");
        }
        if (_dispatched)
        {
            Line($"    if (ds_is_from_list(\"{KamailioConfig.UpstreamSet}\", \"3\")) {{");
            Line("        return 1;");
            Line("    }");
        }
        Append("""
                return -1;
            }

            """);
    }

    private void PolicyRoute()
    {
        var toUpstream = string.Concat(settings.Routing.Upstreams.Select(u => $" || $rd == \"{u.Host}\""));
        Append($$"""
            route[POLICY] {
                if (route(TRUSTED)) {
                    # From an upstream or a trusted peer toward a caller: by Request-URI{{(_gateways ? ", or to the browsers of the domain" : "")}}.
                    {{(_gateways ? $"if (is_method(\"INVITE\") && $rd == \"{settings.Domain}\") {{\n            route(TO_GATEWAYS);\n        }}\n        " : "")}}return;
                }
                # No open relay: a caller may only reach this domain, this proxy or an upstream.
                if (!($rd == "{{settings.Domain}}" || uri == myself{{toUpstream}})) {
                    sl_send_reply("403", "Relaying Forbidden");
                    exit;
                }

            """);
        if (_dispatched)
        {
            var upstreamHosts = string.Join(" || ", settings.Routing.Upstreams.Select(u => $"$rd == \"{u.Host}\""));
            Append($$"""
                    if ({{upstreamHosts}}) {
                        # Addressed to one upstream by name: that one.
                        return;
                    }
                    # The upstreams in order of preference, skipping those whose probes fail.
                    if (!ds_select_dst("{{KamailioConfig.UpstreamSet}}", "8")) {
                        sl_send_reply("503", "No Upstream Available");
                        exit;
                    }
                    setflag(1);
                }

                """);
        }
        else
        {
            Append("""
                    if (uri == myself) {
                        # Without upstreams there is nowhere to send a request for the proxy itself.
                        sl_send_reply("404", "Not Found");
                        exit;
                    }
                }

                """);
        }
    }

    private void OfferRoute() => Append($$"""
        route[OFFER] {
            if (!has_body("application/sdp")) {
                # A late offer arrives in the 2xx (onreply_route) and its answer in the ACK.
                return;
            }
            {{MediaFlags("    ", request: true)}}{{SidesForMedia(1)}}if ($(rb{line.count}) > {{Number(settings.MaxSdpLines)}} || !rtpengine_offer("{{OfferFlags("$var(in_if)", "$var(out_if)")}}")) {
                # Refused before the call exists: no media port stays allocated.
                sl_send_reply("488", "Not Acceptable Here");
                exit;
            }
            # Flag 2: the request carried the offer, so an SDP in its replies is the answer.
            setflag(2);
        }

        """);

    private void WithinDialogRoute() => _script.WithinDialogRoute($$"""
            if (!route(TRUSTED) && !is_known_dlg(){{(_replicated ? " && $sht(takeover=>$ci) == $null" : "")}}) {
                # A Route header naming this proxy is not enough: only dialogs this pair set up are relayed.
                if (!is_method("ACK")) {
                    sl_send_reply("403", "Unknown Dialog");
                }
                exit;
            }
            {{MediaFlags("    ", request: true)}}{{(_replicated ? TakeoverInDialog : "")}}if (is_method("BYE")) {
                rtpengine_delete();
            } else if (has_body("application/sdp")) {
                if ($(rb{line.count}) > {{Number(settings.MaxSdpLines)}}) {
                    if (!is_method("ACK")) {
                        sl_send_reply("488", "Not Acceptable Here");
                    }
                    exit;
                }
                if (is_method("INVITE|UPDATE")) {
                    # A re-offer: its replies carry the answer.
                    {{SidesForMedia(3)}}rtpengine_offer("{{OfferFlags("$var(in_if)", "$var(out_if)")}}");
                    setflag(2);
                } else {
                    # The answer to an offer made in a 2xx (ACK, PRACK).
                    rtpengine_answer("{{Answer}}");
                }
            }

        """);

    // In-dialog requests of a call tracked after a takeover keep the CSeqs its ending BYEs must exceed; a BYE ends the tracking.
    private const string TakeoverInDialog = """
        if ($sht(takeover=>$ci) != $null) {
                if ($ft == $sht(takeover_call=>$ci|caller_tag)) {
                    $sht(takeover_call=>$ci|caller_cseq) = $(cs{s.int});
                } else {
                    $sht(takeover_call=>$ci|callee_cseq) = $(cs{s.int});
                }
                if (is_method("BYE")) {
                    $var(ci) = $ci;
                    route(TAKEOVER_FORGET);
                }
            }
        """ + "\n    ";

    // With an Elastic IP, an offer learns which side each party is on first (route SIDES), so media-node advertises the
    // floating private address to a private peer and the Elastic IP to the internet.
    private string SidesForMedia(int depth) => _advertised ? "route(SIDES);\n" + new string(' ', 4 * depth) : "";

    private string OfferFlags(string senderInterface, string recipientInterface) => _advertised
        ? $"{Offer} direction={senderInterface} direction={recipientInterface}"
        : Offer;

    // A browser signals through a WebRTC gateway's private address but sends its media from the internet: its side's
    // media interface is the external one (route GATEWAY_SIDE has set the flags by then).
    private string BrowserSides => !_gateways ? "" : $$"""
        if (isflagset({{GatewayMediaFlags.FromGatewayFlag}})) {
                $var(in_if) = "{{MediaNodeInterfaces.External}}";
            }
            if (isflagset({{GatewayMediaFlags.ToGatewayFlag}})) {
                $var(out_if) = "{{MediaNodeInterfaces.External}}";
            }

        """ + "    ";

    private void SidesRoute() => Append($$"""
        route[SIDES] {
            # Private peers (RFC 1918) reach the floating address; the internet reaches the Elastic IP.
            if (is_ip_rfc1918("$si")) {
                $var(inbound) = "{{_floating}}:{{_sipPort}}";
                $var(in_if) = "{{MediaNodeInterfaces.Internal}}";
            } else {
                $var(inbound) = "{{settings.AdvertisedAddress}}:{{_sipPort}}";
                $var(in_if) = "{{MediaNodeInterfaces.External}}";
            }
            if ($du != $null) {
                $var(next) = $dd;
            } else {
                $var(next) = $rd;
            }
            if (is_ip_rfc1918("$var(next)")) {
                $var(outbound) = "{{_floating}}:{{_sipPort}}";
                $var(out_if) = "{{MediaNodeInterfaces.Internal}}";
                set_advertised_address("{{_floating}}");
            } else {
                $var(outbound) = "{{settings.AdvertisedAddress}}:{{_sipPort}}";
                $var(out_if) = "{{MediaNodeInterfaces.External}}";
            }
            {{BrowserSides}}# media-node's interface of each side, for an offer in this request's replies.
            $avp(in_if) = $var(in_if);
            $avp(out_if) = $var(out_if);
        }

        """);

    private void RecordRouteRoute()
    {
        if (!_advertised)
        {
            Append("""
                route[RECORD_ROUTE] {
                    # In-dialog requests come back to the floating address, i.e. to whichever node holds it.
                    record_route();
                }

                """);
            return;
        }
        Append("""
            route[RECORD_ROUTE] {
                # In-dialog requests come back to the floating address, i.e. to whichever node holds it; each side gets the
                # address it can reach, two Record-Routes when the sides differ.
                route(SIDES);
                $var(in_params) = "";
                if ($pr == "tcp") {
                    $var(in_params) = ";transport=tcp";
                }
                $var(out_params) = "";
                if ($(du{uri.transport}) == "tcp" || $(ru{uri.transport}) == "tcp") {
                    $var(out_params) = ";transport=tcp";
                }
                # The rr module appends ;lr (and ftag, did) itself. r2=on marks the pair, so loose_route takes both entries as
                # this proxy's own: without it the second entry of the pair would be routed to as the next hop.
                if ($var(inbound) == $var(outbound) && $var(in_params) == $var(out_params)) {
                    record_route_preset("$var(outbound)$var(out_params)");
                } else {
                    record_route_preset("$var(outbound)$var(out_params);r2=on", "$var(inbound)$var(in_params);r2=on");
                }
            }

            """);
    }

    private void RelayRoute()
    {
        Line("route[RELAY] {");
        if (_advertised)
        {
            Line("    route(SIDES);");
        }
        if (_ownProbeSocket)
        {
            Line("    if (isflagset(1)) {");
            Line("        route(FLOATING_SOCKET);");
            Line("    }");
        }
        Append("""
                if (is_method("INVITE|UPDATE")) {
                    t_on_reply("REPLY");
                }
                if (is_method("INVITE") && !has_totag()) {
                    t_on_failure("FAILURE");
                }
                if (!t_relay()) {
                    if (is_method("INVITE") && !has_totag()) {
                        rtpengine_delete();
                    }
                    sl_reply_error();
                }
                exit;
            }

            """);
    }

    private void FloatingSocketRoute()
    {
        if (!_ownProbeSocket)
        {
            return;
        }
        Append($$"""
            route[FLOATING_SOCKET] {
                # The dispatcher sends to an upstream from the node's own (probe) socket; calls leave from the floating address.
                if ($dP == "tcp") {
                    force_send_socket(tcp:{{_floating}}:{{_sipPort}});
                } else {
                    force_send_socket(udp:{{_floating}}:{{_sipPort}});
                }
            }

            """);
    }

    private void ReplyAndFailureRoutes()
    {
        Append($$"""
            onreply_route[REPLY] {
                if (has_body("application/sdp")) {
                    {{MediaFlags("        ", request: false)}}if (isflagset(2)) {
                        rtpengine_answer("{{Answer}}");
                    } else {
                        # The request had no SDP: this reply makes the offer, the ACK answers it.
                        rtpengine_offer("{{OfferFlags("$avp(out_if)", "$avp(in_if)")}}");
                    }
                }
            }

            failure_route[FAILURE] {
                if (t_is_canceled()) {
                    rtpengine_delete();
                    exit;
                }

            """);
        if (_gateways)
        {
            Append(GatewayRouting.NextGateway);
        }
        if (_dispatched)
        {
            var floatingSocket = _ownProbeSocket ? "\n            route(FLOATING_SOCKET);" : "";
            Append($$"""
                    if (isflagset(1) && (t_check_status("408|5[0-9][0-9]") || t_branch_timeout())) {
                        # The upstream failed: mark it down until its probes answer, try the next one with the same media.
                        ds_mark_dst("ip");
                        if (ds_next_dst()) {{{floatingSocket}}
                            t_on_failure("FAILURE");
                            t_relay();
                            exit;
                        }
                    }

                """);
        }
        Append("""
                rtpengine_delete();
            }

            event_route[tm:local-request] {
                if (is_method("BYE")) {
                    # The dialog timed out and Kamailio ends the call itself.
                    rtpengine_delete();
                }
            }
            """);
    }

    /// <summary>
    /// What node B needs for calls node A set up before it failed: replies whose transaction died with A, and dialogs
    /// received over DMQ, which carry no send_bye flag (DMQ replicates dialog variables, not internal flags).
    /// </summary>
    private void TakeoverRoutes() => Append($$"""

        reply_route {
            # Every reply passes here before transaction matching. An answer to an INVITE relayed by the peer before the
            # address moved matches no transaction here and would be forwarded statelessly with the callee's own SDP
            # (rtpengine issue #660): media-node, which mirrors the call since the peer's offer, answers it instead. A reply
            # that matches a transaction is answered in onreply_route[REPLY] only.
            if (is_method("INVITE") && status =~ "^(18[0-9]|2[0-9][0-9])$" && has_body("application/sdp") && !t_check_trans() && is_known_dlg()) {
                {{TakeoverMediaFlags}}if (!rtpengine_answer("{{Answer}}")) {
                    # A failed call here would drop the reply: it goes on unanchored, and the call's next re-INVITE anchors it.
                    xlog("L_ERR", "answer of $ci not anchored after the takeover: media-node does not know the call\n");
                }
            }
            # Its dialog came over DMQ while early and no function of the dialog module confirms a replicated dialog: it would be
            # destroyed at early_timeout, and the call's re-INVITEs and BYE refused. This node tracks the call itself instead.
            if (is_method("INVITE") && status =~ "^2[0-9][0-9]$" && !t_check_trans() && $sht(takeover=>$ci) == $null && dlg_get("$ci", "$ft", "$tt")) {
                route(TAKEOVER_TRACK);
            }
        }

        route[TAKEOVER_TRACK] {
            # The caller's side from the replicated dialog (dlg_get made it current), the callee's from its 2xx.
            $sht(takeover_call=>$ci|caller_uri) = $dlg(from_uri);
            $sht(takeover_call=>$ci|caller_tag) = $ft;
            $sht(takeover_call=>$ci|caller_contact) = $dlg(from_contact);
            $sht(takeover_call=>$ci|caller_route) = $dlg(from_rs);
            $sht(takeover_call=>$ci|caller_cseq) = $(cs{s.int});
            $sht(takeover_call=>$ci|callee_uri) = $tu;
            $sht(takeover_call=>$ci|callee_tag) = $tt;
            $sht(takeover_call=>$ci|callee_contact) = $(ct{tobody.uri});
            # Where the answer came from: the next hop toward the callee.
            $sht(takeover_call=>$ci|callee_hop) = "sip:" + $si + ":" + $sp;
            $sht(takeover_call=>$ci|callee_cseq) = 0;
            $sht(takeover=>$ci) = "answered";
        }

        route[TAKEOVER_FORGET] {
            $sht(takeover=>$var(ci)) = $null;
            $sht(takeover_call=>$var(ci)|caller_uri) = $null;
            $sht(takeover_call=>$var(ci)|caller_tag) = $null;
            $sht(takeover_call=>$var(ci)|caller_contact) = $null;
            $sht(takeover_call=>$var(ci)|caller_route) = $null;
            $sht(takeover_call=>$var(ci)|caller_cseq) = $null;
            $sht(takeover_call=>$var(ci)|callee_uri) = $null;
            $sht(takeover_call=>$var(ci)|callee_tag) = $null;
            $sht(takeover_call=>$var(ci)|callee_contact) = $null;
            $sht(takeover_call=>$var(ci)|callee_hop) = $null;
            $sht(takeover_call=>$var(ci)|callee_cseq) = $null;
        }

        event_route[htable:expired:takeover] {
            # A call tracked after a takeover reached the dialog lifetime: ended both ways, as an expiring dialog is
            # (tm:local-request deletes its media).
            $var(ci) = $shtrecord(key);
            $var(callid) = $var(ci);
            $var(uri) = $sht(takeover_call=>$var(ci)|caller_contact);
            $var(route) = "";
            if ($sht(takeover_call=>$var(ci)|caller_route) != $null) {
                $var(route) = $sht(takeover_call=>$var(ci)|caller_route);
            }
            $var(next) = "";
            $var(headers) = "From: <" + $sht(takeover_call=>$var(ci)|callee_uri) + ">;tag=" + $sht(takeover_call=>$var(ci)|callee_tag) + "\r\nTo: <" + $sht(takeover_call=>$var(ci)|caller_uri) + ">;tag=" + $sht(takeover_call=>$var(ci)|caller_tag);
            $var(cseq) = $sht(takeover_call=>$var(ci)|callee_cseq) + 1;
            route(TIMEOUT_BYE);
            $var(uri) = $sht(takeover_call=>$var(ci)|callee_contact);
            $var(route) = "";
            $var(next) = $sht(takeover_call=>$var(ci)|callee_hop);
            $var(headers) = "From: <" + $sht(takeover_call=>$var(ci)|caller_uri) + ">;tag=" + $sht(takeover_call=>$var(ci)|caller_tag) + "\r\nTo: <" + $sht(takeover_call=>$var(ci)|callee_uri) + ">;tag=" + $sht(takeover_call=>$var(ci)|callee_tag);
            $var(cseq) = $sht(takeover_call=>$var(ci)|caller_cseq) + 1;
            route(TIMEOUT_BYE);
            route(TAKEOVER_FORGET);
        }

        event_route[dialog:end] {
            # Expired (flag 1024) without a BYE sent by the dialog module (flags 16, 32): a dialog received over DMQ, which
            # send_bye does not cover. It is ended both ways from its replicated state; tm:local-request deletes its media.
            if (($dlg(dflags) & 1024) == 1024 && ($dlg(dflags) & 48) == 0) {
                $var(uri) = $dlg(from_contact);
                $var(route) = "";
                if ($dlg(from_rs) != $null) {
                    $var(route) = $dlg(from_rs);
                }
                $var(headers) = "From: <" + $dlg(to_uri) + ">;tag=" + $dlg(to_tag) + "\r\nTo: <" + $dlg(from_uri) + ">;tag=" + $dlg(from_tag);
                $var(cseq) = $(dlg(to_cseq){s.int}) + 1;
                $var(callid) = $dlg(callid);
                $var(next) = "";
                route(TIMEOUT_BYE);
                $var(uri) = $dlg(to_contact);
                $var(route) = "";
                if ($dlg(to_rs) != $null) {
                    $var(route) = $dlg(to_rs);
                }
                $var(headers) = "From: <" + $dlg(from_uri) + ">;tag=" + $dlg(from_tag) + "\r\nTo: <" + $dlg(to_uri) + ">;tag=" + $dlg(to_tag);
                $var(cseq) = $(dlg(from_cseq){s.int}) + 1;
                $var(next) = "";
                route(TIMEOUT_BYE);
            }
        }

        route[TIMEOUT_BYE] {
            # $var(next), when set, is the next hop of a BYE without a route set.
            if ($var(route) != "") {
                $var(next) = $(var(route){s.select,0,,}{nameaddr.uri});
                $var(headers) = $var(headers) + "\r\nRoute: " + $var(route);
            }
            $var(headers) = $var(headers) + "\r\nCall-ID: " + $var(callid) + "\r\nCSeq: " + $var(cseq) + " BYE\r\n";
            # From, To (with their tags), Call-ID and CSeq as given make the BYE one of the dialog's own requests.
            if (!t_uac_send("BYE", "$var(uri)", "$var(next)", "", "$var(headers)", "")) {
                xlog("L_ERR", "timeout BYE for $dlg(callid) to $var(uri) not sent\n");
            }
        }
        """);

    /// <summary>
    /// HTTP <c>GET /health</c> on the SIP TCP socket, for the load balancer, Global Accelerator and Route 53: 200 only while
    /// this node's media-node says it is serving (healthy, forwarding: neither a standby nor fenced). Kamailio answering at all
    /// proves the SIP service; the question to media-node proves the relay behind it. Every other HTTP request gets 404.
    /// </summary>
    private void HealthAnswer() => Append($$"""

        # Health answer (HTTP on the SIP TCP socket): the SIP proxy and its media relay in one signal.
        event_route[xhttp:request] {
            if ($rm != "GET" || $hu != "/health") {
                xhttp_reply("404", "Not Found", "text/plain", "only GET /health\n");
                exit;
            }
            http_client_query("http://127.0.0.1:{{Number(settings.MediaNodeHttpPort!.Value)}}/serving", "$var(serving)");
            if ($rc == 200) {
                xhttp_reply("200", "OK", "text/plain", "serving\n");
            } else {
                xhttp_reply("503", "Service Unavailable", "text/plain", "media node not serving\n");
            }
        }

        """);

    // A browser's leg is answered with the WebRTC flags after a takeover too: its side comes from the reply (no transaction).
    private string TakeoverMediaFlags => _gateways ? "route(GATEWAY_REPLY_SIDE);\n        route(MEDIA_FLAGS);\n        " : "";

    private string Offer => _gateways ? "$var(offer_flags)" : KamailioConfig.OfferFlags;

    private string Answer => _gateways ? "$var(answer_flags)" : KamailioConfig.AnswerFlags;

    private string MediaFlags(string indent, bool request) =>
        !_gateways ? "" : (request ? $"route(GATEWAY_SIDE);\n{indent}" : "") + $"route(MEDIA_FLAGS);\n{indent}";

    private void Append(string text) => _script.Append(text);

    private void Line(string text) => _script.Line(text);

    private static string Number(int value) => KamailioScript.Number(value);
}
