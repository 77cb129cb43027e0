using Amazon.EC2;
using Amazon.Runtime;
using RtcOnAws.AwsSimulator;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>
/// The AWS wire simulator checking the exact SigV4 signature of one test key, and an AWSSDK.EC2 client signed with that
/// key and pointed at it. Also compiled into RtcOnAws.MediaNode.Tests.
/// </summary>
public static class SimulatorEc2
{
    /// <summary>The test access key id.</summary>
    public const string AccessKey = "AKIDHATEST";

    /// <summary>Its secret key.</summary>
    public const string SecretKey = "ha-test-secret";

    /// <summary>Starts a simulator on a free loopback port that knows <see cref="AccessKey"/>.</summary>
    public static Task<AwsWireSimulator> StartAsync() =>
        AwsWireSimulator.StartAsync(new AwsSimulatorOptions { SecretKeys = new Dictionary<string, string> { [AccessKey] = SecretKey } });

    /// <summary>An EC2 client for <paramref name="simulator"/>.</summary>
    public static AmazonEC2Client Client(AwsWireSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        return new AmazonEC2Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonEC2Config
        {
            ServiceURL = simulator.Url.AbsoluteUri,
            AuthenticationRegion = simulator.Region,
        });
    }
}
