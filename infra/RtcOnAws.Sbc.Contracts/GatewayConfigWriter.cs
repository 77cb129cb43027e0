namespace RtcOnAws.Sbc.Contracts;

/// <summary>Writes the WebRTC gateway's kamailio.cfg for validated settings; one method per part of the script.</summary>
internal sealed class GatewayConfigWriter(GatewaySettings settings)
{
    private readonly KamailioScript _script = new();
    private readonly string _set = Number(GatewayConfig.SbcSet);

    public string Write()
    {
        Globals();
        Modules();
        HttpRoute();
        RequestRoute();
        ChecksRoute();
        FromSbcRoute();
        WebSocketClientRoute();
        RegistrarRoute();
        AuthRoute();
        ToSbcRoute();
        ToBrowserRoute();
        WithinDialogRoute();
        RelayRoutes();
        return _script.ToString();
    }

    private void Globals()
    {
        _script.Globals("WebRTC gateway", nameof(GatewayConfig), settings.LogLevel, settings.Workers, "RtcOnAws WebRTC gateway");
        Append($"""
            # HTTP requests (WebSocket handshakes, health probes) carry no Content-Length.
            tcp_accept_no_cl=yes
            # Longer than the load balancer's idle timeout: the load balancer, not the gateway, closes an idle WebSocket.
            tcp_connection_lifetime=3605

            # HTTP from the load balancer (which terminates TLS): WebSocket handshakes and the health path.
            listen=tcp:{settings.ListenAddress}:{Number(settings.HttpPort)}
            # Plain SIP to and from the SBC pairs.
            listen=udp:{settings.ListenAddress}:{Number(settings.SipPort)}


            """);
    }

    private void Modules()
    {
        // auth_ephemeral binds the auth module's digest functions: auth comes first.
        _script.LoadModules(["nathelper", "usrloc", "registrar", "dispatcher", "xhttp", "websocket", "auth", "auth_ephemeral"]);
        _script.TransactionParameters(settings.ControlSocket);
        Append($"""
            # Registrations live in memory: a browser re-registers through another gateway when its WebSocket breaks.
            modparam("usrloc", "db_mode", 0)
            modparam("registrar", "max_expires", {Number(settings.MaxRegistrationSeconds)})
            modparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")

            """);
        _script.DispatcherParameters(settings.DispatcherFile, $"sip:gateway@{settings.Domain}", settings.ProbeIntervalSeconds, 2);
        Append($"""
            # Browsers' credentials (GatewayCredentials): username "<expiry unix time>:<user>", password
            # base64(HMAC-SHA-256(secret, username)). The secret is written at boot into the included file, never into this one.
            modparam("auth_ephemeral", "sha_algorithm", {Number(GatewayCredentials.KamailioSha256)})
            include_file "{settings.CredentialSecretFile}"
            # Pings keep idle WebSockets (and the load balancer's connection) alive and find dead ones.
            modparam("websocket", "keepalive_mechanism", 1)
            modparam("websocket", "keepalive_timeout", 30)

            """);
    }

    private void HttpRoute() => Append($$"""
        event_route[xhttp:request] {
            set_reply_close();
            set_reply_no_connect();
            if ($hu == "{{settings.HealthPath}}") {
                # Answered by Kamailio itself: the load balancer sees the gateway healthy exactly while Kamailio runs.
                xhttp_reply("200", "OK", "text/plain", "ok\n");
                exit;
            }
            if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm == "GET") {
                if (ws_handle_handshake()) {
                    exit;
                }
            }
            xhttp_reply("404", "Not Found", "text/plain", "not found\n");
        }

        """);

    private void RequestRoute()
    {
        Append("""
            request_route {
                route(CHECKS);
                route(WS_CLIENT);

                if (is_method("OPTIONS") && !has_totag() && ($rU == $null || uri == myself)) {
                    # Keepalives and probes (the SBCs' too) are answered here, never forwarded.
                    sl_send_reply("200", "OK");
                    exit;
                }


            """);
        _script.InTransactionPrologue(anchorsMedia: false);
        Append("""
                if (is_method("REGISTER")) {
                    route(REGISTRAR);
                    exit;
                }
                if (route(FROM_SBC)) {
                    route(TO_BROWSER);
                    exit;
                }
                route(TO_SBC);
            }

            """);
    }

    private void ChecksRoute() => _script.ChecksRoute("""
            # Browsers arrive over WebSocket only, plain SIP only from the SBCs: anything else gets no reply.
            if ($pr != "ws" && $pr != "wss" && !route(FROM_SBC)) {
                exit;
            }

        """, settings.MaxMessageBytes);

    private void FromSbcRoute() => Append($$"""
        route[FROM_SBC] {
            # An SBC's address and UDP (mode 1: any port): a browser's WebSocket may come from the same address (a load
            # balancer node, loopback in tests) but never over UDP.
            if ($pr == "udp" && ds_is_from_list("{{_set}}", "1")) {
                return 1;
            }
            return -1;
        }

        """);

    private void WebSocketClientRoute() => Append("""
        route[WS_CLIENT] {
            # 64: the request came over a WebSocket. Its Contact (an .invalid host) cannot be reached; the alias names the
            # connection (load balancer address, port, transport) that in-dialog requests toward the browser take back.
            if (!nat_uac_test("64")) {
                return;
            }
            force_rport();
            # An ACK or a BYE carries no Contact and needs no alias.
            if (is_method("REGISTER")) {
                fix_nated_register();
            } else if (is_present_hf("Contact") && !add_contact_alias()) {
                sl_send_reply("400", "Bad Contact");
                exit;
            }
        }

        """);

    private void RegistrarRoute() => Append($$"""
        route[REGISTRAR] {
            # Only browsers register, only in the gateway's domain; the location table binds them to their WebSocket.
            if (!nat_uac_test("64") || $td != "{{settings.Domain}}") {
                sl_send_reply("403", "Forbidden");
                exit;
            }
            route(AUTH);
            if (!save("location")) {
                sl_reply_error();
            }
        }

        """);

    /// <summary>
    /// <c>route[AUTH]</c>: every new request from a browser (REGISTER, INVITE, anything out of dialog) carries credentials
    /// the operator issued (<see cref="GatewayCredentials"/>), for the user it speaks for. Without credentials, or with a
    /// wrong password or a stale nonce, it is challenged (401 to a REGISTER, 407 otherwise); expired or malformed
    /// credentials, or credentials of another user, are refused with 403.
    /// </summary>
    private void AuthRoute() => Append($$"""
        route[AUTH] {
            if (is_method("REGISTER")) {
                autheph_www("{{settings.Domain}}");
            } else {
                autheph_proxy("{{settings.Domain}}");
            }
            $var(auth) = $rc;
            # auth_ephemeral's codes: 1 valid, -2 wrong password, -4 stale nonce, -5 no credentials, -7 expired, -1 malformed.
            if ($var(auth) == -7) {
                sl_send_reply("403", "Credentials Expired");
                exit;
            }
            if ($var(auth) == -2 || $var(auth) == -4 || $var(auth) == -5) {
                auth_challenge("{{settings.Domain}}", "1");
                exit;
            }
            if ($var(auth) != 1) {
                sl_send_reply("403", "Bad Credentials");
                exit;
            }
            # No registering or calling as someone else: the credentials' user is the To user of a REGISTER, the From user of the rest.
            if (is_method("REGISTER")) {
                if (!autheph_check_to()) {
                    sl_send_reply("403", "Credentials Of Another User");
                    exit;
                }
            } else if (!autheph_check_from()) {
                sl_send_reply("403", "Credentials Of Another User");
                exit;
            }
            # The SBCs have no use for the browser's credentials.
            consume_credentials();
        }

        """);

    private void ToSbcRoute() => Append($$"""
        route[TO_SBC] {
            # No open relay: a browser may only call into the domain, and only through an SBC.
            if ($rd != "{{settings.Domain}}") {
                sl_send_reply("403", "Relaying Forbidden");
                exit;
            }
            route(AUTH);
            if (!ds_select_dst("{{_set}}", "4")) {
                sl_send_reply("503", "No SBC Available");
                exit;
            }
            # Flag 1: the destination is a dispatched SBC, which a failure may replace with the next one.
            setflag(1);
            if (is_method("INVITE|SUBSCRIBE|REFER")) {
                # WebSocket in, UDP out: two Record-Routes, so in-dialog requests cross the gateway both ways.
                record_route();
            }
            route(RELAY);
        }

        """);

    private void ToBrowserRoute() => Append("""
        route[TO_BROWSER] {
            # A call from an SBC to a registered browser, over the WebSocket it registered on.
            if (!lookup("location")) {
                sl_send_reply("404", "Not Registered");
                exit;
            }
            if (is_method("INVITE|SUBSCRIBE|REFER")) {
                record_route();
            }
            route(RELAY);
        }

        """);

    private void WithinDialogRoute() => _script.WithinDialogRoute($$"""
            if (nat_uac_test("64")) {
                # From a browser: the next hop must be an SBC, whatever Route headers the browser sent.
                if (isdsturiset()) {
                    $var(next) = $du;
                } else {
                    $var(next) = $ru;
                }
                if (!ds_is_from_list("{{_set}}", "3", "$var(next)")) {
                    xlog("L_NOTICE", "$rm of $ci from a browser refused: its next hop $var(next) is no SBC\n");
                    if (!is_method("ACK")) {
                        sl_send_reply("403", "Forbidden");
                    }
                    exit;
                }
            } else if (!isdsturiset()) {
                # Toward a browser: its Contact's alias names its WebSocket.
                handle_ruri_alias();
            }

        """);

    private void RelayRoutes() => Append("""
        route[RELAY] {
            if (is_method("INVITE|UPDATE|SUBSCRIBE")) {
                t_on_reply("REPLY");
            }
            if (isflagset(1) && is_method("INVITE")) {
                t_on_failure("SBC_FAILURE");
            }
            if (!t_relay()) {
                sl_reply_error();
            }
            exit;
        }

        onreply_route[REPLY] {
            if (nat_uac_test("64")) {
                # A browser's answer: its Contact gets the alias of its WebSocket too.
                add_contact_alias();
            }
        }

        failure_route[SBC_FAILURE] {
            if (t_is_canceled()) {
                exit;
            }
            if (t_check_status("408|5[0-9][0-9]") || t_branch_timeout()) {
                # The SBC failed: mark it down until its probes answer and try the next one.
                ds_mark_dst("ip");
                if (ds_next_dst()) {
                    t_on_failure("SBC_FAILURE");
                    t_relay();
                    exit;
                }
            }
        }
        """);

    private void Append(string text) => _script.Append(text);

    private static string Number(int value) => KamailioScript.Number(value);
}
