namespace RtcOnAws.Bench.Relay;

/// <summary>
/// The highest offered rate a relay relays with &lt; 0.1 % loss: rates grow by half from <c>start</c> until a step loses
/// more (or the generator cannot offer more), then bisect between the last rate kept up with and the first lost at,
/// to within <see cref="Resolution"/>. Every step is bounded in time and packets, and so is the number of steps.
/// After every step it lost at, one more step at the start rate checks that the relay recovered; one that did not
/// (rtpengine ignores a socket for good once it found it flooded three times, sipwise/rtpengine#1935) is replaced by a fresh relay with new calls
/// (<see cref="Restarts"/>), or it would fail every later step and its maximum would read too low.
/// </summary>
internal sealed record RateSearch(string Relay, IReadOnlyList<RateStep> Steps, int Restarts)
{
    private const double Growth = 1.5;
    private const double Resolution = 1.1;
    private const int MaxSteps = 12;

    /// <summary>The highest rate offered in a step that kept up (0 when none did).</summary>
    public double MaxPerSecond => Steps.Where(s => s.KeptUp).Select(s => s.OfferedPerSecond).DefaultIfEmpty(0).Max();

    /// <summary>
    /// The relay kept up with every rate the generator could offer: its maximum is above what this generator reaches,
    /// and <see cref="MaxPerSecond"/> is a floor.
    /// </summary>
    public bool GeneratorBound => Steps.Count > 0 && Steps.All(s => s.KeptUp) && Steps[^1].GeneratorShort;

    public static async Task<RateSearch> RunAsync(RelaySession session, double start, int stepSeconds, CancellationToken cancellationToken)
    {
        var steps = new List<RateStep>();
        double keptUp = 0, lost = double.PositiveInfinity, rate = start;
        int restarts = 0;
        while (steps.Count < MaxSteps)
        {
            var step = await session.StepAsync(rate, stepSeconds, cancellationToken);
            steps.Add(step);
            Console.WriteLine($"  search {rate:N0}/s: offered {step.OfferedPerSecond:N0}/s, loss {step.LossPercent:F3} %{(step.GeneratorShort ? " (generator short)" : string.Empty)}{(step.SendErrors > 0 ? $", {step.SendErrors:N0} not sent (send buffer full)" : string.Empty)}");
            if (step.KeptUp)
            {
                keptUp = Math.Max(keptUp, step.OfferedPerSecond);
                if (step.GeneratorShort)
                {
                    // The generator cannot go faster: nothing above this can be tried.
                    break;
                }
            }
            else
            {
                lost = Math.Min(lost, step.GeneratorShort ? step.OfferedPerSecond : rate);
                var recheck = await session.StepAsync(start, stepSeconds, cancellationToken);
                if (!recheck.KeptUp)
                {
                    Console.WriteLine($"  back at {start:N0}/s it still loses {recheck.LossPercent:F3} %: restarting it with new calls");
                    await session.RestartRelayAsync(cancellationToken);
                    restarts++;
                }
            }

            if (double.IsPositiveInfinity(lost))
            {
                rate *= Growth;
            }
            else if (keptUp == 0)
            {
                rate = lost / 2;
            }
            else if (lost / keptUp > Resolution)
            {
                rate = (keptUp + lost) / 2;
            }
            else
            {
                break;
            }
        }

        return new RateSearch(session.Name, steps, restarts);
    }
}
