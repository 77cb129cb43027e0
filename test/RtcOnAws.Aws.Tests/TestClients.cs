using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.Aws;
using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.CloudWatch;
using RtcOnAws.Aws.Route53;
using RtcOnAws.AwsSimulator;

namespace RtcOnAws.Aws.Tests;

/// <summary>Clients pointed at a simulator with dummy credentials and fast retries.</summary>
internal static class TestClients
{
    public static AwsClientOptions Options(AwsWireSimulator simulator, AwsRetryOptions? retry = null, AWSCredentials? credentials = null) => new()
    {
        Region = simulator.Region,
        ServiceUrl = simulator.Url,
        Credentials = credentials ?? new BasicAWSCredentials(TestSimulator.ClientAccessKey, TestSimulator.ClientSecretKey),
        Retry = retry ?? FastRetry(),
    };

    /// <summary>
    /// Retries without backoff on a fake clock that moves <paramref name="tick"/> on every read, so a deadline runs
    /// out after a fixed number of attempts however slow the machine is.
    /// </summary>
    public static AwsClientOptions OnFakeClock(Uri serviceUrl, FakeTimeProvider time, TimeSpan callTimeout, TimeSpan tick, HttpClient? http = null)
    {
        time.AutoAdvanceAmount = tick;
        return new AwsClientOptions
        {
            Region = "us-east-1",
            ServiceUrl = serviceUrl,
            Credentials = new BasicAWSCredentials(TestSimulator.ClientAccessKey, TestSimulator.ClientSecretKey),
            Retry = new AwsRetryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, CallTimeout = callTimeout, MaxAttempts = int.MaxValue },
            TimeProvider = time,
            HttpClient = http,
        };
    }

    /// <summary>Millisecond backoff so retry tests stay quick; a generous deadline for a loaded CI box.</summary>
    public static AwsRetryOptions FastRetry(TimeSpan? callTimeout = null, int maxAttempts = 100) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(10),
        CallTimeout = callTimeout ?? TimeSpan.FromSeconds(60),
        MaxAttempts = maxAttempts,
    };

    /// <summary>AWSSDK.EC2 (no own EC2 client any more) signed with the test key, without retries.</summary>
    public static Amazon.EC2.AmazonEC2Client Ec2(AwsWireSimulator simulator) => new(
        new BasicAWSCredentials(TestSimulator.ClientAccessKey, TestSimulator.ClientSecretKey),
        new Amazon.EC2.AmazonEC2Config { ServiceURL = simulator.Url.AbsoluteUri, AuthenticationRegion = simulator.Region, MaxErrorRetry = 0 });

    public static AmazonRoute53Client Route53(AwsWireSimulator simulator, AwsRetryOptions? retry = null) => new(Options(simulator, retry));

    public static AmazonAutoScalingClient AutoScaling(AwsWireSimulator simulator, AwsRetryOptions? retry = null) => new(Options(simulator, retry));

    public static AmazonCloudWatchClient CloudWatch(AwsWireSimulator simulator, AwsRetryOptions? retry = null) => new(Options(simulator, retry));
}
