using System.Text.Json;
using RtcOnAws.AwsSimulator;
using RtcOnAws.AwsSimulator.Route53;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>The real AWS CLI v2 drives the simulator's Route 53 API (REST/XML request bodies, paths, pagination).</summary>
public sealed class AwsCliRoute53Tests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;
    private AwsCli _cli = null!;
    private string _zoneId = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _cli = new AwsCli(_sim);
        _zoneId = _sim.Route53.AddHostedZone("example.com");
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task ChangeResourceRecordSets_upserts_latency_A_and_SRV_records_and_GetChange_reports_insync()
    {
        var batch = JsonSerializer.Serialize(new
        {
            Comment = "sbc launch",
            Changes = new object[]
            {
                new
                {
                    Action = "UPSERT",
                    ResourceRecordSet = new
                    {
                        Name = "sip-a.example.com", Type = "A", SetIdentifier = "us-east-1a", Region = "us-east-1", TTL = 30,
                        HealthCheckId = "abcdef01-2345-6789-abcd-ef0123456789",
                        ResourceRecords = new[] { new { Value = "10.0.1.10" }, new { Value = "10.0.1.11" } },
                    },
                },
                new
                {
                    Action = "CREATE",
                    ResourceRecordSet = new
                    {
                        Name = "_sip._udp.example.com", Type = "SRV", TTL = 60,
                        ResourceRecords = new[] { new { Value = "10 50 5060 sip-a.example.com." } },
                    },
                },
            },
        });

        var changed = await _cli.RunAsync("route53", "change-resource-record-sets", "--hosted-zone-id", _zoneId, "--change-batch", batch);

        var changeInfo = changed!.Value.GetProperty("ChangeInfo");
        Assert.Equal("PENDING", changeInfo.GetProperty("Status").GetString());
        Assert.Equal("sbc launch", changeInfo.GetProperty("Comment").GetString());
        var a = _sim.Route53.FindRecordSet(_zoneId, "sip-a.example.com", "A", "us-east-1a");
        Assert.NotNull(a);
        Assert.Equal(30, a.Ttl);
        Assert.Equal("us-east-1", a.Region);
        Assert.Equal("abcdef01-2345-6789-abcd-ef0123456789", a.HealthCheckId);
        Assert.Equal(["10.0.1.10", "10.0.1.11"], a.Values);
        Assert.Equal(["10 50 5060 sip-a.example.com."], _sim.Route53.FindRecordSet(_zoneId, "_sip._udp.example.com", "SRV")!.Values);

        var change = await _cli.RunAsync("route53", "get-change", "--id", changeInfo.GetProperty("Id").GetString()!);
        Assert.Equal("INSYNC", change!.Value.GetProperty("ChangeInfo").GetProperty("Status").GetString());
    }

    [Fact]
    public async Task ListResourceRecordSets_pages_through_all_record_sets_in_route53_order()
    {
        for (var i = 0; i < 5; i++)
            _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet($"node{i}.example.com", "A", 30, [$"10.0.1.{i + 10}"]));

        var output = await _cli.RunAsync("route53", "list-resource-record-sets", "--hosted-zone-id", _zoneId, "--page-size", "2");

        var names = output!.Value.GetProperty("ResourceRecordSets").EnumerateArray()
            .Select(s => $"{s.GetProperty("Name").GetString()} {s.GetProperty("Type").GetString()}").ToList();
        Assert.Equal(
            ["example.com. NS", "example.com. SOA", "node0.example.com. A", "node1.example.com. A", "node2.example.com. A", "node3.example.com. A", "node4.example.com. A"],
            names);
        Assert.True(_sim.AwsCalls.Count(c => c.Action == "ListResourceRecordSets") >= 4, "page size 2 over 7 record sets needs 4 pages");
    }

    [Fact]
    public async Task A_CREATE_of_an_existing_record_is_an_InvalidChangeBatch_and_changes_nothing()
    {
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.example.com", "A", 30, ["10.0.1.10"]));
        var batch = """{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"new.example.com","Type":"A","TTL":30,"ResourceRecords":[{"Value":"10.0.1.99"}]}},{"Action":"CREATE","ResourceRecordSet":{"Name":"sip.example.com","Type":"A","TTL":30,"ResourceRecords":[{"Value":"10.0.1.12"}]}}]}""";

        var (exitCode, _, stderr) = await _cli.RunRawAsync("route53", "change-resource-record-sets", "--hosted-zone-id", _zoneId, "--change-batch", batch);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("InvalidChangeBatch", stderr);
        Assert.Null(_sim.Route53.FindRecordSet(_zoneId, "new.example.com", "A"));
        Assert.Equal(["10.0.1.10"], _sim.Route53.FindRecordSet(_zoneId, "sip.example.com", "A")!.Values);
    }

    [Fact]
    public async Task DELETE_removes_a_record_set_that_matches_exactly()
    {
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.example.com", "A", 30, ["10.0.1.10"]));
        var batch = """{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"sip.example.com.","Type":"A","TTL":30,"ResourceRecords":[{"Value":"10.0.1.10"}]}}]}""";

        await _cli.RunAsync("route53", "change-resource-record-sets", "--hosted-zone-id", _zoneId, "--change-batch", batch);

        Assert.Null(_sim.Route53.FindRecordSet(_zoneId, "sip.example.com", "A"));
    }
}
