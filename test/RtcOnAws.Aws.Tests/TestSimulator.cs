using RtcOnAws.AwsSimulator;

namespace RtcOnAws.Aws.Tests;

/// <summary>Starts a simulator that checks the exact SigV4 signatures of the test clients' and the AWS CLI's keys.</summary>
internal static class TestSimulator
{
    public const string ClientAccessKey = "AKIDSIMULATOR";
    public const string ClientSecretKey = "simulator-secret-key";
    public const string CliAccessKey = "AKIDAWSCLITEST";
    public const string CliSecretKey = "awscli-test-secret";

    public static Task<AwsWireSimulator> StartAsync(string region = "us-east-1") => AwsWireSimulator.StartAsync(new AwsSimulatorOptions
    {
        Region = region,
        SecretKeys = new Dictionary<string, string>
        {
            [ClientAccessKey] = ClientSecretKey,
            [CliAccessKey] = CliSecretKey,
            ["ASIAEXAMPLE"] = "secret",
        },
    });
}
