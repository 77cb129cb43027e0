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

    private static string Change(string action, string name, string type, long ttl, params string[] values) =>
        JsonSerializer.Serialize(new
        {
            Action = action,
            ResourceRecordSet = new { Name = name, Type = type, TTL = ttl, ResourceRecords = values.Select(v => new { Value = v }) },
        });

    private static string Batch(params string[] changes) => $$"""{"Changes":[{{string.Join(',', changes)}}]}""";

    [Theory]
    [InlineData("stale values", 30, new[] { "10.0.1.10" })]
    [InlineData("stale TTL", 60, new[] { "10.0.1.10", "10.0.1.11" })]
    [InlineData("extra value", 30, new[] { "10.0.1.10", "10.0.1.11", "10.0.1.12" })]
    public async Task A_DELETE_that_does_not_match_exactly_rejects_the_whole_batch_as_route53_does(string scenario, long ttl, string[] values)
    {
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.example.com", "A", 30, ["10.0.1.11", "10.0.1.10"]));
        var batch = Batch(Change("DELETE", "sip.example.com", "A", ttl, values), Change("CREATE", "sip.example.com", "A", 30, "10.0.1.99"));

        var (exitCode, _, stderr) = await _cli.RunRawAsync("route53", "change-resource-record-sets", "--hosted-zone-id", _zoneId, "--change-batch", batch);

        Assert.NotEqual(0, exitCode);
        // botocore parses the ErrorResponse into code and message exactly as it does for real Route 53.
        Assert.Contains("An error occurred (InvalidChangeBatch) when calling the ChangeResourceRecordSets operation", stderr, StringComparison.Ordinal);
        Assert.Contains(
            ": [Tried to delete resource record set [name='sip.example.com.', type='A'] but the values provided do not match the current values, Tried to create resource record set [name='sip.example.com.', type='A'] but it already exists]",
            stderr, StringComparison.Ordinal);
        var unchanged = _sim.Route53.FindRecordSet(_zoneId, "sip.example.com", "A")!;
        Assert.True(unchanged is { Ttl: 30, Values: ["10.0.1.11", "10.0.1.10"] }, scenario);
    }

    [Fact]
    public async Task DELETE_of_the_exact_current_set_and_CREATE_of_the_new_one_swap_it_in_one_batch()
    {
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.example.com", "A", 60, ["10.0.1.11", "10.0.1.10"]));
        var batch = Batch(Change("DELETE", "sip.example.com.", "A", 60, "10.0.1.10", "10.0.1.11"), Change("CREATE", "sip.example.com.", "A", 30, "10.0.1.10", "10.0.1.11", "10.0.1.12"));

        var changed = await _cli.RunAsync("route53", "change-resource-record-sets", "--hosted-zone-id", _zoneId, "--change-batch", batch);

        Assert.Equal("PENDING", changed!.Value.GetProperty("ChangeInfo").GetProperty("Status").GetString());
        var swapped = _sim.Route53.FindRecordSet(_zoneId, "sip.example.com", "A")!;
        Assert.Equal(30, swapped.Ttl);
        Assert.Equal(["10.0.1.10", "10.0.1.11", "10.0.1.12"], swapped.Values);
    }

    [Fact]
    public async Task A_matching_DELETE_is_not_applied_when_another_change_of_its_batch_fails()
    {
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.example.com", "A", 30, ["10.0.1.10"]));
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("other.example.com", "A", 30, ["10.0.2.10"]));
        var batch = Batch(Change("DELETE", "sip.example.com", "A", 30, "10.0.1.10"), Change("CREATE", "other.example.com", "A", 30, "10.0.2.11"));

        var (exitCode, _, stderr) = await _cli.RunRawAsync("route53", "change-resource-record-sets", "--hosted-zone-id", _zoneId, "--change-batch", batch);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("[Tried to create resource record set [name='other.example.com.', type='A'] but it already exists]", stderr, StringComparison.Ordinal);
        Assert.Equal(["10.0.1.10"], _sim.Route53.FindRecordSet(_zoneId, "sip.example.com", "A")!.Values);
        Assert.Equal(["10.0.2.10"], _sim.Route53.FindRecordSet(_zoneId, "other.example.com", "A")!.Values);
    }

    [Fact]
    public async Task Deleting_one_record_set_twice_in_a_batch_is_an_invalid_set_of_changes()
    {
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.example.com", "A", 30, ["10.0.1.10"]));
        var delete = Change("DELETE", "sip.example.com", "A", 30, "10.0.1.10");

        var (exitCode, _, stderr) = await _cli.RunRawAsync("route53", "change-resource-record-sets", "--hosted-zone-id", _zoneId, "--change-batch", Batch(delete, delete));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("The request contains an invalid set of changes for a resource record set 'A sip.example.com.'", stderr, StringComparison.Ordinal);
        Assert.NotNull(_sim.Route53.FindRecordSet(_zoneId, "sip.example.com", "A"));
    }
}
