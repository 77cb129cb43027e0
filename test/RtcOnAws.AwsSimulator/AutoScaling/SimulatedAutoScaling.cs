using System.Xml.Linq;
using RtcOnAws.AwsSimulator.Http;

namespace RtcOnAws.AwsSimulator.AutoScaling;

/// <summary>Simulated Auto Scaling lifecycle actions (what a lifecycle hook creates when an instance launches or terminates).</summary>
public sealed class SimulatedAutoScaling
{
    internal static readonly XNamespace Ns = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private readonly Lock _lock = new();
    private readonly List<SimLifecycleAction> _actions = [];

    /// <summary>Opens a lifecycle action, as a hook does on launch/terminate. Returns its token.</summary>
    public string AddLifecycleAction(string autoScalingGroupName, string lifecycleHookName, string instanceId, string? token = null)
    {
        var actionToken = token ?? Guid.NewGuid().ToString();
        lock (_lock)
        {
            if (_actions.Any(a => a.Token == actionToken)) throw new ArgumentException($"Lifecycle action token {actionToken} already exists.", nameof(token));
            _actions.Add(new SimLifecycleAction(actionToken, autoScalingGroupName, lifecycleHookName, instanceId, null, 0));
        }
        return actionToken;
    }

    /// <summary>A lifecycle action by token.</summary>
    public SimLifecycleAction GetLifecycleAction(string token)
    {
        lock (_lock) return _actions.FirstOrDefault(a => a.Token == token) ?? throw new ArgumentException($"No lifecycle action {token}.", nameof(token));
    }

    /// <summary>Every lifecycle action.</summary>
    public IReadOnlyList<SimLifecycleAction> LifecycleActions
    {
        get { lock (_lock) return _actions.ToList(); }
    }

    internal XElement Execute(string action, QueryParams p)
    {
        lock (_lock)
        {
            switch (action)
            {
                case "CompleteLifecycleAction":
                {
                    var result = p.Required("LifecycleActionResult");
                    if (result is not ("CONTINUE" or "ABANDON"))
                        throw new SimulatorException("ValidationError", $"Invalid LifecycleActionResult {result}; allowed: CONTINUE, ABANDON");
                    var index = ActiveAction(p);
                    _actions[index] = _actions[index] with { Result = result };
                    return Answer(action);
                }
                case "RecordLifecycleActionHeartbeat":
                {
                    var index = ActiveAction(p);
                    _actions[index] = _actions[index] with { Heartbeats = _actions[index].Heartbeats + 1 };
                    return Answer(action);
                }
                default:
                    throw new SimulatorException("InvalidAction", $"The action {action} is not valid for this web service.");
            }
        }
    }

    private int ActiveAction(QueryParams p)
    {
        var group = p.Required("AutoScalingGroupName");
        var hook = p.Required("LifecycleHookName");
        var token = p.Get("LifecycleActionToken");
        var instanceId = p.Get("InstanceId");
        if (token is null && instanceId is null)
            throw new SimulatorException("ValidationError", "Either LifecycleActionToken or InstanceId must be specified");
        var index = _actions.FindIndex(a => a.Result is null && a.AutoScalingGroupName == group && a.LifecycleHookName == hook
                                            && (token is null || a.Token == token) && (instanceId is null || a.InstanceId == instanceId));
        return index >= 0
            ? index
            : throw new SimulatorException("ValidationError",
                token is not null ? $"No active Lifecycle Action found with token {token}" : $"No active Lifecycle Action found with instance ID {instanceId}");
    }

    private static XElement Answer(string action) =>
        new(Ns + $"{action}Response", new XElement(Ns + $"{action}Result"));
}
