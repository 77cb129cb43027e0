using System.Text.Json;

namespace RtcOnAws.Constructs.Tests;

/// <summary>Finds every IAM policy statement anywhere in a template (roles, policies, resource policies).</summary>
internal static class IamStatements
{
    public static IEnumerable<JsonElement> In(JsonElement template)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(template);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("Effect", out _) && (element.TryGetProperty("Action", out _) || element.TryGetProperty("NotAction", out _)))
                {
                    yield return element;
                }
                foreach (var property in element.EnumerateObject())
                {
                    pending.Push(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    pending.Push(item);
                }
            }
        }
    }

    public static IEnumerable<string> Actions(JsonElement statement)
    {
        foreach (var key in new[] { "Action", "NotAction" })
        {
            if (!statement.TryGetProperty(key, out var action))
            {
                continue;
            }
            if (action.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in action.EnumerateArray())
                {
                    yield return a.GetString()!;
                }
            }
            else
            {
                yield return action.GetString()!;
            }
        }
    }
}
