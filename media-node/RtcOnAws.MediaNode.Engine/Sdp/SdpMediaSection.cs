namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>One media section: the <c>m=</c> line and the lines up to the next <c>m=</c>.</summary>
public sealed class SdpMediaSection
{
    internal SdpMediaSection(int index, List<SdpLine> lines, string mediaType, int port, string protocol)
    {
        Index = index;
        Lines = lines;
        MediaType = mediaType;
        Port = port;
        Protocol = protocol;
    }

    /// <summary>1-based position among the media sections (as rtpengine numbers them in query replies).</summary>
    public int Index { get; }

    /// <summary>The lines, starting with the <c>m=</c> line.</summary>
    public IReadOnlyList<SdpLine> Lines { get; }

    /// <summary>"audio", "video", ...</summary>
    public string MediaType { get; }

    /// <summary>The media port; 0 means the media is rejected/disabled.</summary>
    public int Port { get; }

    /// <summary>"RTP/AVP", "RTP/SAVPF", ...</summary>
    public string Protocol { get; }

    /// <summary>True when the port is 0: nothing is allocated and the section is passed through.</summary>
    public bool IsRejected => Port == 0;

    /// <summary>The media-level <c>c=</c>, if present.</summary>
    public SdpConnection? Connection { get; internal set; }

    /// <summary>The port from <c>a=rtcp:</c>, if present.</summary>
    public int? RtcpPort { get; internal set; }

    /// <summary>True when the section has <c>a=rtcp-mux</c>.</summary>
    public bool HasRtcpMux { get; internal set; }

    /// <summary>The values of its <c>a=crypto:</c> lines (SDES keys, RFC 4568), in SDP order.</summary>
    public IReadOnlyList<string> Crypto => CryptoList;

    internal List<string> CryptoList { get; } = [];
}
