using System.Net;
using System.Net.Sockets;
using System.Text;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Sdes;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary>
/// Decodes and validates the keys of an <c>offer</c>/<c>answer</c> (rtpengine spellings, spaces or hyphens).
/// Unknown flags are ignored as rtpengine does; values of keys media-node acts on are checked strictly.
/// </summary>
public sealed class OfferAnswerRequestReader(IPAddress nodeAddress, IReadOnlyCollection<string> interfaceNames)
{
    private static readonly string[] DirectionLegacy = ["internal", "external", "round robin calls"];
    private static readonly string[] TransportProtocols =
        ["RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF", OfferAnswerRequest.AcceptTransportProtocol];

    /// <summary>Reads the request; <paramref name="isAnswer"/> makes <c>to-tag</c> required.</summary>
    public OfferAnswerRequest Read(NgRequest request, bool isAnswer)
    {
        var callId = request.RequireString("call-id");
        var fromTag = request.RequireString("from-tag");
        var toTag = isAnswer ? request.RequireString("to-tag") : request.OptionalString("to-tag");
        var sdpValue = request.Find("sdp") ?? throw new NgRequestException("missing required key 'sdp'");
        if (sdpValue.Kind != Bencode.BencodeKind.String || sdpValue.Bytes.IsEmpty)
        {
            throw new NgRequestException("key 'sdp' must be a non-empty string");
        }

        var flags = request.StringList("flags").Select(NgRequest.Normalize).ToHashSet(StringComparer.Ordinal);
        var replace = request.StringList("replace").Select(NgRequest.Normalize).ToHashSet(StringComparer.Ordinal);
        var (sender, recipient) = ReadDirection(request);
        ValidateAddressFamily(request);
        return new OfferAnswerRequest(callId, fromTag, toTag, request.OptionalString("via-branch"), Encoding.Latin1.GetString(sdpValue.Bytes.Span))
        {
            AddressSource = flags.Contains("sip source address") ? MediaAddressSource.SipSource : MediaAddressSource.Sdp,
            ReceivedFrom = ReadReceivedFrom(request),
            MediaAddress = ReadAddress(request, "media address"),
            RtcpMux = ReadRtcpMux(request),
            ReplaceOrigin = replace.Contains("origin") || flags.Contains("replace origin"),
            EndpointLearning = ReadEndpointLearning(request, flags),
            Label = request.OptionalString("label") ?? request.OptionalString("from-label"),
            Ice = ReadIce(request),
            Dtls = ReadDtls(request),
            TransportProtocol = ReadTransportProtocol(request),
            Sdes = ReadSdes(request),
            SenderInterface = sender,
            RecipientInterface = recipient,
        };
    }

    private static RtcpMuxFlags ReadRtcpMux(NgRequest request)
    {
        var result = RtcpMuxFlags.None;
        foreach (var value in request.StringList("rtcp-mux"))
        {
            result |= NgRequest.Normalize(value) switch
            {
                "offer" => RtcpMuxFlags.Offer,
                "require" => RtcpMuxFlags.Require,
                "demux" => RtcpMuxFlags.Demux,
                "accept" => RtcpMuxFlags.Accept,
                "reject" => RtcpMuxFlags.Reject,
                _ => throw new NgRequestException($"rtcp-mux value '{value}' is not one of offer, require, demux, accept, reject"),
            };
        }

        return result;
    }

    private static EndpointLearning? ReadEndpointLearning(NgRequest request, HashSet<string> flags)
    {
        var text = request.OptionalString("endpoint-learning")
            ?? flags.FirstOrDefault(f => f.StartsWith("endpoint learning ", StringComparison.Ordinal))?["endpoint learning ".Length..];
        if (text is not null)
        {
            return NgRequest.Normalize(text) switch
            {
                "strict" => EndpointLearning.Strict,
                "heuristic" or "delayed" => EndpointLearning.Heuristic,
                "immediate" => EndpointLearning.Immediate,
                "off" => EndpointLearning.Off,
                _ => throw new NgRequestException($"endpoint-learning '{text}' is not one of strict, heuristic, delayed, immediate, off"),
            };
        }

        return flags.Contains("strict source") ? EndpointLearning.Strict : null;
    }

    private static IPAddress? ReadReceivedFrom(NgRequest request)
    {
        var parts = request.StringList("received-from");
        if (parts.Count == 0)
        {
            return null;
        }

        if (parts.Count != 2 || (parts[0] != "IP4" && parts[0] != "IP6") || !IPAddress.TryParse(parts[1], out var address))
        {
            throw new NgRequestException("received-from must be a list of two strings: [\"IP4\"|\"IP6\", \"<address>\"]");
        }

        return address;
    }

    private static IPAddress? ReadAddress(NgRequest request, string key)
    {
        var text = request.OptionalString(key);
        if (text is null)
        {
            return null;
        }

        return IPAddress.TryParse(text, out var address) ? address : throw new NgRequestException($"{key} '{text}' is not an IP address");
    }

    private static IceOption ReadIce(NgRequest request)
    {
        var result = IceOption.Default;
        foreach (var value in request.StringList("ICE"))
        {
            result = NgRequest.Normalize(value) switch
            {
                "default" => IceOption.Default,
                "force" => IceOption.Force,
                "remove" => IceOption.Remove,
                _ => throw new NgRequestException($"ICE '{value}' is not one of remove, force, default"),
            };
        }

        return result;
    }

    private static DtlsOption ReadDtls(NgRequest request)
    {
        var value = request.OptionalString("DTLS");
        return value is null ? DtlsOption.Default : NgRequest.Normalize(value) switch
        {
            "passive" => DtlsOption.Passive,
            "active" => DtlsOption.Active,
            "off" or "no" or "disable" => DtlsOption.Off,
            _ => throw new NgRequestException($"DTLS '{value}' is not one of passive, active, off"),
        };
    }

    private static string? ReadTransportProtocol(NgRequest request)
    {
        var value = request.OptionalString("transport-protocol");
        if (value is null)
        {
            return null;
        }

        foreach (var known in TransportProtocols)
        {
            if (string.Equals(value, known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        throw new NgRequestException($"transport-protocol '{value}' is not one of {string.Join(", ", TransportProtocols)}");
    }

    private static SdesOptions ReadSdes(NgRequest request)
    {
        var disabled = false;
        var excluded = new HashSet<SrtpProtectionProfile>();
        var only = new HashSet<SrtpProtectionProfile>();
        foreach (var value in request.StringList("SDES"))
        {
            var normalized = NgRequest.Normalize(value);
            if (normalized is "off" or "no" or "disable")
            {
                disabled = true;
            }
            else if (normalized is "unencrypted srtp" or "unencrypted srtcp" or "unauthenticated srtp")
            {
                throw new NgRequestException($"SDES '{value}' is not supported: media-node always encrypts and authenticates SRTP and SRTCP");
            }
            else if (value.StartsWith("no-", StringComparison.OrdinalIgnoreCase) || value.StartsWith("only-", StringComparison.OrdinalIgnoreCase))
            {
                var exclude = value.StartsWith("no-", StringComparison.OrdinalIgnoreCase);
                var suite = value[(exclude ? 3 : 5)..];
                if (!SdesSuiteNames.TryParse(suite, out var profile))
                {
                    // rtpengine ignores suites it does not know; excluding one we never offer changes nothing, but
                    // "only" a suite we lack would silently offer nothing.
                    if (!exclude)
                    {
                        throw new NgRequestException($"SDES '{value}': suite '{suite}' is not supported (supported: {string.Join(", ", SdesSuiteNames.Preference.Select(SdesSuiteNames.Name))})");
                    }

                    continue;
                }

                (exclude ? excluded : only).Add(profile);
            }
        }

        return disabled || excluded.Count > 0 || only.Count > 0 ? new SdesOptions(disabled, excluded, only) : SdesOptions.Default;
    }

    private (string? Sender, string? Recipient) ReadDirection(NgRequest request)
    {
        var names = request.StringList("direction");
        if (names.Count == 0)
        {
            return (null, null);
        }

        if (names.Count != 2)
        {
            throw new NgRequestException($"direction must list exactly two interface names, got {names.Count}");
        }

        foreach (var name in names)
        {
            if (!interfaceNames.Contains(name) && !DirectionLegacy.Contains(NgRequest.Normalize(name)))
            {
                throw new NgRequestException(
                    $"direction names unknown interface '{name}' (known: {string.Join(", ", interfaceNames.Concat(["internal", "external"]).Distinct())})");
            }
        }

        string? Declared(string name) => interfaceNames.Contains(name) ? name : null;
        return (Declared(names[0]), Declared(names[1]));
    }

    private void ValidateAddressFamily(NgRequest request)
    {
        var family = request.OptionalString("address family");
        if (family is null)
        {
            return;
        }

        var nodeFamily = nodeAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        if (family != "IP4" && family != "IP6")
        {
            throw new NgRequestException($"address family '{family}' is not IP4 or IP6");
        }

        if (family != nodeFamily)
        {
            throw new NgRequestException($"address family {family} is not available: the node's interface {nodeAddress} is {nodeFamily}");
        }
    }
}
