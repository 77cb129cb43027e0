using System.Net;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Sip;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// Two Kamailio nodes of a pair on loopback, each with the rendered config of its index (own DMQ address, the other as
/// peer): a dialog set up through node 0 appears on node 1 through DMQ, and disappears there when the call ends. The
/// nodes listen for SIP on two loopback addresses (one host cannot share one floating address between two processes).
/// </summary>
public sealed class KamailioDialogReplicationTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly string[] NodeAddresses = ["127.0.0.11", "127.0.0.12"];
    private static readonly string[] FloatingAddresses = ["127.0.0.21", "127.0.0.22"];
    private static readonly IPAddress UpstreamAddress = IPAddress.Parse("127.0.0.3");
    private readonly SipUserAgent _alice = new("alice", IPAddress.Parse("127.0.0.2"));
    private readonly SipUserAgent _bob = new("bob", UpstreamAddress);
    private readonly List<KamailioProxy> _nodes = [];
    private MediaNodeDaemon _daemon = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 20);
        var dmqPort = FreePorts.Udp();
        for (var index = 0; index < 2; index++)
        {
            var node = index;
            _nodes.Add(await KamailioProxy.StartAsync(_daemon.Ng, UpstreamAddress.ToString(), customize: s => s with
            {
                FloatingAddress = FloatingAddresses[node],
                NodeAddress = NodeAddresses[node],
                PeerAddress = NodeAddresses[1 - node],
                DmqPort = dmqPort,
                NodeIndex = node,
            }));
        }
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync([_alice, _bob, .. _nodes, _daemon]);

    [Fact]
    public async Task A_dialog_through_the_active_is_known_to_the_standby_until_the_call_ends()
    {
        try
        {
            await RunAsync();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"{exception.Message}\n--- node 0 ---\n{_nodes[0].Process.Output}\n--- node 1 ---\n{_nodes[1].Process.Output}", exception);
        }
    }

    private async Task RunAsync()
    {
        var active = _nodes[0].Sip;
        var callId = $"{Guid.NewGuid():N}@replication";
        var from = $"<sip:alice@example.net>;tag={_alice.Tag}";
        await _alice.SendAsync(_alice.Request("INVITE", _bob.ContactUri, callId, 1, from, $"<{_bob.ContactUri}>", [], _alice.Sdp()), active);
        var (invite, proxy) = await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "INVITE", Wait);
        await _bob.SendAsync(_bob.Response(invite, 200, "OK", _bob.Sdp()), proxy);
        var (ok, _) = await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "INVITE" && m.StatusCode == 200, Wait);
        var routes = ok.All("Record-Route").Reverse().ToArray();
        var target = SipUserAgent.Uri(ok.Header("Contact")!);
        await _alice.SendAsync(_alice.Request("ACK", target, callId, 1, from, ok.Header("To")!, routes), active);
        await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "ACK", Wait);

        // Confirmed on the standby too (state 4), not only the early dialog: DMQ carries the early dialog first and its
        // confirmation in a later message, so wait for that one.
        await WaitForAsync(_nodes[1], list => list.Contains(callId, StringComparison.Ordinal) && list.Contains("state: 4", StringComparison.Ordinal));
        Assert.Contains(callId, await DialogsAsync(_nodes[0]), StringComparison.Ordinal);

        await _alice.SendAsync(_alice.Request("BYE", target, callId, 2, from, ok.Header("To")!, routes), active);
        var (bye, byeProxy) = await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "BYE", Wait);
        await _bob.SendAsync(_bob.Response(bye, 200, "OK"), byeProxy);
        await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "BYE", Wait);

        await WaitForAsync(_nodes[1], list => !list.Contains(callId, StringComparison.Ordinal));
    }

    private static async Task<string> WaitForAsync(KamailioProxy node, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var list = await DialogsAsync(node);
            if (condition(list))
            {
                return list;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"dialogs of {node.Sip} never matched:\n{list}");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<string> DialogsAsync(KamailioProxy node)
    {
        await using var kamcmd = ChildProcess.Start("kamcmd", ["-s", node.ControlSocket, "dlg.list"]);
        Assert.True(await kamcmd.WaitForExitAsync(Wait), kamcmd.Output);
        return kamcmd.Output;
    }
}
