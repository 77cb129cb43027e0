using System.Net;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.Aws.Route53;
using RtcOnAws.Aws.Route53.Model;
using RtcOnAws.AwsSimulator;
using RtcOnAws.AwsSimulator.Route53;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>Every Route 53 operation of <see cref="AmazonRoute53Client"/> against the simulator.</summary>
public sealed class Route53ClientTests : IAsyncLifetime
{
    // The simulator's clock, moved by the tests (it starts at the real time: requests are signed with it).
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private AwsWireSimulator _sim = null!;
    private AmazonRoute53Client _route53 = null!;
    private string _zoneId = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync(time: _time);
        _route53 = TestClients.Route53(_sim);
        _zoneId = _sim.Route53.AddHostedZone("voice.example.org");
    }

    public async Task DisposeAsync()
    {
        _route53.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Upsert_of_latency_A_and_SRV_records_then_GetChange_goes_from_PENDING_to_INSYNC()
    {
        _sim.Route53.ChangeInsyncDelay = TimeSpan.FromMilliseconds(500);

        var response = await _route53.ChangeResourceRecordSetsAsync(new ChangeResourceRecordSetsRequest
        {
            HostedZoneId = "/hostedzone/" + _zoneId,
            ChangeBatch = new ChangeBatch
            {
                Comment = "launch i-1",
                Changes =
                [
                    new Change(ChangeAction.Upsert, new ResourceRecordSet
                    {
                        Name = "sip-a.voice.example.org", Type = RRType.A, TTL = 30, SetIdentifier = "use1-az1", Region = "us-east-1",
                        HealthCheckId = "0f0e0d0c-0b0a-0908-0706-050403020100",
                        ResourceRecords = [new ResourceRecord("10.0.1.10")],
                    }),
                    new Change(ChangeAction.Upsert, new ResourceRecordSet
                    {
                        Name = "_sip._udp.voice.example.org", Type = RRType.SRV, TTL = 60,
                        ResourceRecords = [new ResourceRecord("10 50 5060 sip-a.voice.example.org."), new ResourceRecord("10 50 5060 sip-b.voice.example.org.")],
                    }),
                ],
            },
        });

        Assert.Equal(ChangeStatus.Pending, response.ChangeInfo!.Status);
        Assert.StartsWith("/change/C", response.ChangeInfo.Id);
        Assert.Equal("launch i-1", response.ChangeInfo.Comment);
        Assert.NotNull(response.ChangeInfo.SubmittedAt);
        Assert.False(string.IsNullOrEmpty(response.ResponseMetadata.RequestId));
        var a = _sim.Route53.FindRecordSet(_zoneId, "sip-a.voice.example.org.", "A", "use1-az1")!;
        Assert.Equal((30L, "us-east-1", "0f0e0d0c-0b0a-0908-0706-050403020100"), (a.Ttl!.Value, a.Region, a.HealthCheckId));
        Assert.Equal(2, _sim.Route53.FindRecordSet(_zoneId, "_sip._udp.voice.example.org", "SRV")!.Values.Count);

        async Task<string?> StatusAsync() => (await _route53.GetChangeAsync(new GetChangeRequest { Id = response.ChangeInfo.Id })).ChangeInfo!.Status;
        Assert.Equal(ChangeStatus.Pending, await StatusAsync());
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(ChangeStatus.Pending, await StatusAsync());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ChangeStatus.Insync, await StatusAsync());
    }

    [Fact]
    public async Task ListResourceRecordSets_pages_with_NextRecordName_type_and_identifier()
    {
        for (var i = 0; i < 4; i++)
        {
            _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.voice.example.org", "A", 30, [$"10.0.{i}.10"],
                SetIdentifier: $"az{i}", Weight: 10));
        }

        var all = new List<ResourceRecordSet>();
        var request = new ListResourceRecordSetsRequest { HostedZoneId = _zoneId, MaxItems = 3 };
        var pages = 0;
        while (true)
        {
            var page = await _route53.ListResourceRecordSetsAsync(request);
            pages++;
            all.AddRange(page.ResourceRecordSets);
            Assert.Equal("3", page.MaxItems);
            if (!page.IsTruncated) break;
            request.StartRecordName = page.NextRecordName;
            request.StartRecordType = page.NextRecordType;
            request.StartRecordIdentifier = page.NextRecordIdentifier;
        }

        Assert.Equal(2, pages);
        Assert.Equal(["NS", "SOA", "A", "A", "A", "A"], all.Select(s => s.Type));
        Assert.Equal(["az0", "az1", "az2", "az3"], all.Where(s => s.Type == "A").Select(s => s.SetIdentifier));
        Assert.All(all.Where(s => s.Type == "A"), s => Assert.Equal(10L, s.Weight));
        Assert.Equal("10.0.2.10", all.Single(s => s.SetIdentifier == "az2").ResourceRecords.Single().Value);
    }

    [Fact]
    public async Task Delete_of_a_record_that_does_not_match_is_InvalidChangeBatch_with_request_id()
    {
        _sim.Route53.PutRecordSet(_zoneId, new SimRecordSet("sip.voice.example.org", "A", 30, ["10.0.1.10", "10.0.2.10"]));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _route53.ChangeResourceRecordSetsAsync(new ChangeResourceRecordSetsRequest
        {
            HostedZoneId = _zoneId,
            ChangeBatch = new ChangeBatch
            {
                Changes = [new Change(ChangeAction.Delete, new ResourceRecordSet { Name = "sip.voice.example.org", Type = "A", TTL = 30, ResourceRecords = [new ResourceRecord("10.0.1.10")] })],
            },
        }));

        Assert.Equal(("InvalidChangeBatch", HttpStatusCode.BadRequest, "route53"), (error.ErrorCode, error.StatusCode, error.ServiceName));
        Assert.Contains("do not match", error.ErrorMessage);
        Assert.Matches("^[0-9a-f-]{36}$", error.RequestId);
        Assert.Equal(2, _sim.Route53.FindRecordSet(_zoneId, "sip.voice.example.org", "A")!.Values.Count);
    }

    [Fact]
    public async Task Unknown_zone_and_change_are_404_errors()
    {
        var zone = await Assert.ThrowsAsync<AwsServiceException>(() => _route53.ListResourceRecordSetsAsync(new ListResourceRecordSetsRequest { HostedZoneId = "ZNOSUCHZONE" }));
        var change = await Assert.ThrowsAsync<AwsServiceException>(() => _route53.GetChangeAsync(new GetChangeRequest { Id = "/change/CNOSUCH" }));

        Assert.Equal(("NoSuchHostedZone", HttpStatusCode.NotFound), (zone.ErrorCode, zone.StatusCode));
        Assert.Equal(("NoSuchChange", HttpStatusCode.NotFound), (change.ErrorCode, change.StatusCode));
    }

    [Fact]
    public async Task An_unknown_change_action_is_rejected_before_any_call()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _route53.ChangeResourceRecordSetsAsync(new ChangeResourceRecordSetsRequest
        {
            HostedZoneId = _zoneId,
            ChangeBatch = new ChangeBatch { Changes = [new Change("REPLACE", new ResourceRecordSet { Name = "x.voice.example.org", Type = "A", TTL = 1, ResourceRecords = [new("10.0.0.1")] })] },
        }));

        Assert.Contains("Changes[0].Action", error.Message);
        Assert.Empty(_sim.AwsCalls);
    }
}
