using RtcOnAws.AwsSimulator;

namespace RtcOnAws.Aws.Tests;

/// <summary>Starts a simulator that checks the exact SigV4 signatures of the test clients' and the AWS CLI's keys.</summary>
internal static class TestSimulator
{
    public const string ClientAccessKey = "AKIDSIMULATOR";
    public const string ClientSecretKey = "simulator-secret-key";
    public const string CliAccessKey = "AKIDAWSCLITEST";
    public const string CliSecretKey = "awscli-test-secret";

    /// <param name="time">The simulator's clock (delays, expiries, timestamps); null means the system clock.</param>
    public static Task<AwsWireSimulator> StartAsync(string region = "us-east-1", TimeProvider? time = null) => AwsWireSimulator.StartAsync(new AwsSimulatorOptions
    {
        Region = region,
        TimeProvider = time ?? TimeProvider.System,
        SecretKeys = new Dictionary<string, string>
        {
            [ClientAccessKey] = ClientSecretKey,
            [CliAccessKey] = CliSecretKey,
            ["ASIAEXAMPLE"] = "secret",
        },
    });
}
