using System.Net;
using System.Text;
using Amazon.Runtime;
using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.AutoScaling.Model;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>The simulator refuses requests that are not SigV4-signed; the clients' AWSSDK.Core signatures pass.</summary>
public sealed class SignatureTests : IAsyncLifetime
{
    private const string DescribeInstancesBody = "Action=DescribeInstances&Version=2016-11-15";
    private AwsWireSimulator _sim = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _http = new HttpClient { BaseAddress = _sim.Url };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task An_unsigned_ec2_request_gets_MissingAuthenticationToken_in_the_ec2_error_format()
    {
        using var response = await _http.PostAsync("/", new StringContent(DescribeInstancesBody, Encoding.UTF8, "application/x-www-form-urlencoded"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Response><Errors><Error><Code>MissingAuthenticationToken</Code>", body);
        Assert.Contains("<RequestID>", body);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=" + Hex64, "IncompleteSignature")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", "IncompleteSignature")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ec2, SignedHeaders=host;x-amz-date, Signature=" + Hex64, "IncompleteSignature")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + Hex64, "SignatureDoesNotMatch")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + Hex64, "SignatureDoesNotMatch")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250102/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + Hex64, "SignatureDoesNotMatch")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=" + Hex64, "IncompleteSignature")]
    [InlineData("Basic dXNlcjpwYXNz", "IncompleteSignature")]
    public async Task A_malformed_authorization_header_is_rejected(string authorization, string expectedCode)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(DescribeInstancesBody, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20250101T120000Z");

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"<Code>{expectedCode}</Code>", body);
        Assert.Equal(expectedCode, Assert.Single(_sim.AwsCalls).ErrorCode);
    }

    [Fact]
    public async Task An_unsigned_route53_request_is_rejected_in_the_route53_error_format()
    {
        var zone = _sim.Route53.AddHostedZone("example.com");

        using var response = await _http.GetAsync($"/2013-04-01/hostedzone/{zone}/rrset");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>", body);
    }

    [Fact]
    public async Task Signed_requests_with_session_credentials_are_accepted()
    {
        var token = _sim.AutoScaling.AddLifecycleAction("asg", "hook", "i-1");
        using var autoScaling = new AmazonAutoScalingClient(TestClients.Options(_sim, credentials: new SessionAWSCredentials("ASIAEXAMPLE", "secret", "session-token")));

        await autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat("asg", token));

        Assert.Equal(1, _sim.AutoScaling.GetLifecycleAction(token).Heartbeats);
        Assert.Null(Assert.Single(_sim.AwsCalls).ErrorCode);
    }

    [Fact]
    public async Task Signatures_of_registered_keys_are_recomputed_so_a_wrong_secret_is_refused()
    {
        using var autoScaling = new AmazonAutoScalingClient(TestClients.Options(_sim, credentials: new BasicAWSCredentials(TestSimulator.ClientAccessKey, "not-the-secret")));
        using var route53 = new Route53.AmazonRoute53Client(TestClients.Options(_sim, credentials: new BasicAWSCredentials(TestSimulator.ClientAccessKey, "not-the-secret")));
        var zone = _sim.Route53.AddHostedZone("example.com");

        var autoScalingError = await Assert.ThrowsAsync<AwsServiceException>(() => autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat("a b x/y z", "token")));
        var route53Error = await Assert.ThrowsAsync<AwsServiceException>(() => route53.ListResourceRecordSetsAsync(new Route53.Model.ListResourceRecordSetsRequest { HostedZoneId = zone, StartRecordName = "a b.example.com", MaxItems = 5 }));

        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.Forbidden), (autoScalingError.ErrorCode, autoScalingError.StatusCode));
        Assert.Equal("SignatureDoesNotMatch", route53Error.ErrorCode);
    }

    [Fact]
    public async Task Correctly_signed_requests_with_characters_that_need_encoding_are_accepted()
    {
        using var autoScaling = TestClients.AutoScaling(_sim);
        using var route53 = TestClients.Route53(_sim);
        var zone = _sim.Route53.AddHostedZone("example.com");
        const string Group = "a b x/y z* ü~!'()";
        var token = _sim.AutoScaling.AddLifecycleAction(Group, "hook", "i-1");

        await autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat(Group, token));
        await route53.ListResourceRecordSetsAsync(new Route53.Model.ListResourceRecordSetsRequest { HostedZoneId = zone, StartRecordName = "a b.example.com", MaxItems = 5 });

        Assert.All(_sim.AwsCalls, c => Assert.Null(c.ErrorCode));
    }

    [Fact]
    public async Task A_client_signing_for_another_region_is_refused_and_not_retried()
    {
        var options = TestClients.Options(_sim);
        options.Region = "eu-central-1";
        using var autoScaling = new AmazonAutoScalingClient(options);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat("asg", "token")));

        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.Forbidden), (error.ErrorCode, error.StatusCode));
        Assert.Single(_sim.AwsCalls);
    }

    private static RecordLifecycleActionHeartbeatRequest Heartbeat(string group, string token) =>
        new() { AutoScalingGroupName = group, LifecycleHookName = "hook", LifecycleActionToken = token };

    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
}
