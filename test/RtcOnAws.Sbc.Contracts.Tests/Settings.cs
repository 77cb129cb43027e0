namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>Settings of a node of a same-AZ pair in 10.40.1.0/24 (addresses are not bound: <c>kamailio -c</c> only checks).</summary>
internal static class Settings
{
    public static IReadOnlyList<string> NodeAddresses { get; } = ["10.40.1.11", "10.40.1.12"];

    public static KamailioSettings Node(int index) => new()
    {
        FloatingAddress = "10.40.1.50",
        NodeAddress = NodeAddresses[index],
        NodeIndex = index,
        Domain = "sip.example.com",
    };
}
