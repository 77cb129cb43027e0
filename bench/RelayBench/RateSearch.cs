namespace RtcOnAws.Bench.Relay;

/// <summary>
/// The highest offered rate a relay relays with &lt; 0.1 % loss: rates grow by half from <c>start</c> until a step loses
/// more (or the generator cannot offer more), then bisect between the last rate kept up with and the first lost at,
/// to within <see cref="Resolution"/>. Every step is bounded in time and packets, and so is the number of steps.
/// After an overload, one more step at the start rate (<see cref="Recheck"/>) shows whether the relay recovered: a
/// relay that stays broken after a flood would fail the bisection's steps too, and its maximum would read too low.
/// </summary>
internal sealed record RateSearch(string Relay, IReadOnlyList<RateStep> Steps, RateStep? Recheck)
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
        while (steps.Count < MaxSteps)
        {
            var step = await session.StepAsync(rate, stepSeconds, cancellationToken);
            steps.Add(step);
            Console.WriteLine($"  search {rate:N0}/s: offered {step.OfferedPerSecond:N0}/s, loss {step.LossPercent:F3} %{(step.GeneratorShort ? " (generator short)" : string.Empty)}");
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

        RateStep? recheck = null;
        if (steps.Any(s => !s.KeptUp))
        {
            recheck = await session.StepAsync(start, stepSeconds, cancellationToken);
            Console.WriteLine($"  recheck at {start:N0}/s after the overload: loss {recheck.LossPercent:F3} %");
        }

        return new RateSearch(session.Name, steps, recheck);
    }
}
