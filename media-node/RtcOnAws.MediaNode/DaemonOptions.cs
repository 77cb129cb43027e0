using System.CommandLine;
using System.Net;
using RtcOnAws.MediaNode.Engine.Hosting;
using RtcOnAws.MediaNode.Relay.Kernel;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.MediaNode;

/// <summary>The daemon's command-line options (rtpengine's names where the meaning is the same).</summary>
public sealed class DaemonOptions
{
    /// <summary>--interface [NAME/]ADDRESS[!ADVERTISED], repeated or ';'-separated for several logical interfaces.</summary>
    public Option<string[]> Interface { get; } = new(MediaNodeFlags.Interface)
    {
        Description = "Media interface: [NAME/]ADDRESS[!ADVERTISED-ADDRESS]. Media ports bind ADDRESS; SDP advertises ADVERTISED-ADDRESS (e.g. an Elastic IP). "
            + "Repeat it (or separate with ';', as rtpengine's config file does) for logical interfaces that the ng direction key chooses per party; "
            + "they share one ADDRESS and differ in what they advertise. The first is the default.",
        DefaultValueFactory = _ => ["127.0.0.1"],
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>--listen-ng ADDRESS:PORT.</summary>
    public Option<string> ListenNg { get; } = new(MediaNodeFlags.ListenNg)
    {
        Description = "UDP address:port of the ng control protocol (what Kamailio's rtpengine_sock points at). Loopback by default.",
        DefaultValueFactory = _ => $"127.0.0.1:{SbcPorts.NgControl}",
    };

    /// <summary>--listen-http ADDRESS:PORT or off.</summary>
    public Option<string> ListenHttp { get; } = new(MediaNodeFlags.ListenHttp)
    {
        Description = "TCP address:port for GET /health, GET /serving and GET /metrics, or 'off'. Loopback by default.",
        DefaultValueFactory = _ => $"127.0.0.1:{SbcPorts.MediaNodeHttp}",
    };

    /// <summary>--allow-public-control.</summary>
    public Option<bool> AllowPublicControl { get; } = new("--allow-public-control")
    {
        Description = "Allow --listen-ng/--listen-http on a public or wildcard address. The ng protocol has no authentication: keep it off the internet.",
    };

    /// <summary>--freebind.</summary>
    public Option<bool> FreeBind { get; } = new(MediaNodeFlags.FreeBind)
    {
        Description = "Bind media ports with IP_FREEBIND so the --interface address need not be on this host yet (the floating address of an HA pair, before takeover).",
    };

    /// <summary>--dtls-certificate FILE.</summary>
    public Option<string?> DtlsCertificate { get; } = new("--dtls-certificate")
    {
        Description = "PEM file with the DTLS certificate and its PKCS#8 private key for WebRTC legs. Default: with --redis, the HA pair's certificate in Redis (generated and stored by the first node to start); without, an ECDSA P-256 certificate generated at start.",
    };

    /// <summary>--port-min.</summary>
    public Option<int> PortMin { get; } = new(MediaNodeFlags.PortMin)
    {
        Description = "Lowest UDP port for media (RTP even, RTCP odd).",
        DefaultValueFactory = _ => SbcPorts.RtpMin,
    };

    /// <summary>--port-max.</summary>
    public Option<int> PortMax { get; } = new(MediaNodeFlags.PortMax)
    {
        Description = "Highest UDP port for media.",
        DefaultValueFactory = _ => SbcPorts.RtpMax,
    };

    /// <summary>--timeout seconds.</summary>
    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds without any media packet or signalling after which a call is ended and its ports freed.",
        DefaultValueFactory = _ => 60,
    };

    /// <summary>--endpoint-learning.</summary>
    public Option<string> EndpointLearning { get; } = new Option<string>("--endpoint-learning")
    {
        Description = "strict (default, RTP-Bleed-safe: only the SDP address is accepted), heuristic, immediate or off (rtpengine's behaviours).",
        DefaultValueFactory = _ => "strict",
    }.AcceptOnlyFromAmong("strict", "heuristic", "delayed", "immediate", "off");

    /// <summary>--num-threads.</summary>
    public Option<int> NumThreads { get; } = new("--num-threads")
    {
        Description = "Relay event loops (one per core by default).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    /// <summary>--relay-backend.</summary>
    public Option<string> RelayBackend { get; } = new Option<string>("--relay-backend")
    {
        Description = "epoll (Linux, default) or portable (.NET sockets).",
        DefaultValueFactory = _ => OperatingSystem.IsLinux() ? "epoll" : "portable",
    }.AcceptOnlyFromAmong("epoll", "portable");

    /// <summary>--kernel-forwarding.</summary>
    public Option<string> KernelForwarding { get; } = new Option<string>(MediaNodeFlags.KernelForwarding)
    {
        Description = "auto (default): forward established IPv4 streams in the kernel (nftables; needs CAP_NET_ADMIN and net.ipv4.ip_forward=1) and fall back to user space with one log line where that is unavailable; on: refuse to start without it; off: user space only (rtpengine's --table).",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "on", "off");

    /// <summary>--config-file.</summary>
    public Option<string?> ConfigFile { get; } = new(ConfigFileArguments.FileOption)
    {
        Description = "ini file (rtpengine style, keys under [rtpengine]) or JSON object; keys are these option names without '--'. Command-line flags win.",
    };

    /// <summary>--config-section.</summary>
    public Option<string> ConfigSection { get; } = new(ConfigFileArguments.SectionOption)
    {
        Description = "The ini section to read.",
        DefaultValueFactory = _ => "rtpengine",
    };

    /// <summary>--log-level.</summary>
    public Option<string> LogLevel { get; } = new("--log-level")
    {
        Description = "trace, debug, info, warning, error, critical, or a syslog level 0-7 as rtpengine takes it.",
        DefaultValueFactory = _ => "info",
    };

    /// <summary>--log-format.</summary>
    public Option<string> LogFormat { get; } = new Option<string>("--log-format")
    {
        Description = "json (structured, one object per line, default) or text; logs go to stderr.",
        DefaultValueFactory = _ => "json",
    }.AcceptOnlyFromAmong("json", "text");

    /// <summary>Every option, in help order.</summary>
    public IEnumerable<Option> All =>
    [
        Interface, ListenNg, ListenHttp, AllowPublicControl, FreeBind, DtlsCertificate, PortMin, PortMax, Timeout, EndpointLearning, NumThreads,
        RelayBackend, KernelForwarding, ConfigFile, ConfigSection, LogLevel, LogFormat,
    ];

    /// <summary>Builds engine settings; throws <see cref="FormatException"/> naming the bad flag.</summary>
    public MediaNodeSettings ToSettings(ParseResult parse)
    {
        var specs = InterfaceSpec.ParseAll(parse.GetValue(Interface)!, out var error) ?? throw new FormatException(error);
        var spec = specs[0];
        var portMin = parse.GetValue(PortMin);
        var portMax = parse.GetValue(PortMax);
        if (portMin is < 1024 or > 65534 || portMax is < 1025 or > 65535 || portMin >= portMax)
        {
            throw new FormatException($"--port-min {portMin} and --port-max {portMax} must satisfy 1024 <= port-min < port-max <= 65535");
        }

        var timeout = parse.GetValue(Timeout);
        if (timeout < 1)
        {
            throw new FormatException($"--timeout {timeout} must be at least 1 second");
        }

        var threads = parse.GetValue(NumThreads);
        if (threads is < 1 or > 256)
        {
            throw new FormatException($"--num-threads {threads} must be between 1 and 256");
        }

        return new MediaNodeSettings
        {
            InterfaceName = spec.Name,
            BindAddress = spec.BindAddress,
            AdvertisedAddress = spec.AdvertisedAddress,
            AdditionalInterfaces = [.. specs.Skip(1).Select(s => new MediaInterface(s.Name, s.AdvertisedAddress))],
            FreeBind = parse.GetValue(FreeBind),
            DtlsCertificate = ReadDtlsCertificate(parse.GetValue(DtlsCertificate)),
            NgListen = EndPointText.Parse(parse.GetValue(ListenNg)!, "--listen-ng"),
            PortMin = portMin,
            PortMax = portMax,
            MediaTimeout = TimeSpan.FromSeconds(timeout),
            EndpointLearning = parse.GetValue(EndpointLearning) switch
            {
                "heuristic" or "delayed" => Relay.EndpointLearning.Heuristic,
                "immediate" => Relay.EndpointLearning.Immediate,
                "off" => Relay.EndpointLearning.Off,
                _ => Relay.EndpointLearning.Strict,
            },
            RelayLoops = threads,
            RelayBackend = parse.GetValue(RelayBackend) == "portable" ? Relay.RelayBackend.Portable : Relay.RelayBackend.Epoll,
            KernelForwarding = parse.GetValue(KernelForwarding) switch
            {
                "on" => KernelForwardingMode.On,
                "off" => KernelForwardingMode.Off,
                _ => KernelForwardingMode.Auto,
            },
        };
    }

    private static WebRtc.Dtls.DtlsCertificate? ReadDtlsCertificate(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        try
        {
            return WebRtc.Dtls.DtlsCertificate.ImportPem(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            throw new FormatException($"--dtls-certificate {path}: {exception.Message}");
        }
    }

    /// <summary>The HTTP endpoint, or null for 'off'.</summary>
    public IPEndPoint? HttpEndPoint(ParseResult parse) =>
        parse.GetValue(ListenHttp) is "off" or "" ? null : EndPointText.Parse(parse.GetValue(ListenHttp)!, "--listen-http");
}
