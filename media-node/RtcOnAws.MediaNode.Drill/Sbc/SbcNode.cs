using System.Net;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>One SBC node of the drill: its namespace and address, and its Kamailio and media-node processes.</summary>
public sealed class SbcNode
{
    internal SbcNode(char name, string namespaceName, IPAddress address, IPAddress peerAddress, IPAddress peerLink, IPAddress peerPeerLink, NodeProbe probe)
    {
        Name = name;
        Namespace = namespaceName;
        Address = address;
        PeerAddress = peerAddress;
        PeerLink = peerLink;
        PeerPeerLink = peerPeerLink;
        Probe = probe;
    }

    /// <summary>'a' or 'b'.</summary>
    public char Name { get; }

    /// <summary>The node's network namespace.</summary>
    public string Namespace { get; }

    /// <summary>The node's own LAN address (DMQ, metrics).</summary>
    public IPAddress Address { get; }

    /// <summary>The other node's LAN address.</summary>
    public IPAddress PeerAddress { get; }

    /// <summary>This node on the heartbeat link.</summary>
    public IPAddress PeerLink { get; }

    /// <summary>The other node on the heartbeat link.</summary>
    public IPAddress PeerPeerLink { get; }

    /// <summary>Reads the media-node's metrics.</summary>
    public NodeProbe Probe { get; }

    /// <summary>The running Kamailio (null before start or after a kill).</summary>
    public NamespacedProcess? Kamailio { get; internal set; }

    /// <summary>The control socket of its Kamailio for <c>kamcmd -s</c> (null before the first start).</summary>
    public string? ControlSocket { get; internal set; }

    /// <summary>The running media-node (null before start or after a kill).</summary>
    public NamespacedProcess? MediaNode { get; internal set; }
}
