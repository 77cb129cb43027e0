namespace RtcOnAws.MediaNode.Relay.Tests;

/// <summary>
/// Polls a condition until it holds or a generous deadline passes: for what real sockets and threads do, where the
/// test asserts what happens, not how soon (robust on a loaded CI box).
/// </summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            Thread.Sleep(5);
        }
    }
}
