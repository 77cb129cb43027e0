using System.Text;
using System.Text.Json;
using Amazon.CDK;
using Constructs;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>Reads what an <see cref="SbcPair"/> synthesized: logical ids, a node's user data as text, the pair role's statements.</summary>
internal static class SbcTemplate
{
    public static string LogicalId(IConstruct construct) =>
        Stack.Of(construct).GetLogicalId((CfnElement)(construct is CfnElement ? construct : construct.Node.DefaultChild!));

    /// <summary>
    /// The node's user data as the instance gets it: literal parts joined, CloudFormation references rendered as
    /// <c>&lt;Ref:Id&gt;</c>, <c>&lt;Select0:EniId&gt;</c> (its first secondary address), <c>&lt;GetAtt:Id.Attribute&gt;</c>,
    /// other intrinsics as JSON.
    /// </summary>
    public static string UserData(SynthesizedApp app, string stack, SbcNode node) => UserData(app, stack, LogicalId(node.Instance));

    /// <summary>The user data of the instance <paramref name="instanceLogicalId"/>, rendered as by the overload taking a node.</summary>
    public static string UserData(SynthesizedApp app, string stack, string instanceLogicalId) =>
        UserData(app.Json[stack].GetProperty("Resources").GetProperty(instanceLogicalId).GetProperty("Properties").GetProperty("UserData"));

    /// <summary>A <c>UserData</c> property (<c>Fn::Base64</c>) of an instance or launch template, rendered as by the overload taking a node.</summary>
    public static string UserData(JsonElement userDataProperty)
    {
        var userData = userDataProperty.GetProperty("Fn::Base64");
        if (userData.ValueKind == JsonValueKind.String)
        {
            return userData.GetString()!;
        }
        var text = new StringBuilder();
        foreach (var part in userData.GetProperty("Fn::Join")[1].EnumerateArray())
        {
            text.Append(part switch
            {
                { ValueKind: JsonValueKind.String } => part.GetString(),
                _ when part.TryGetProperty("Ref", out var reference) => $"<Ref:{reference.GetString()}>",
                _ when part.TryGetProperty("Fn::Select", out var select) && select[0].GetInt32() == 0 =>
                    $"<Select0:{select[1].GetProperty("Fn::GetAtt")[0].GetString()}>",
                _ when part.TryGetProperty("Fn::GetAtt", out var attribute) => $"<GetAtt:{attribute[0].GetString()}.{attribute[1].GetString()}>",
                _ => part.GetRawText(),
            });
        }
        return text.ToString();
    }

    /// <summary>The lines of the media node's systemd unit the user data writes.</summary>
    public static List<string> Unit(string userData) => Unit(userData, SbcPaths.MediaNodeService);

    /// <summary>The lines of the systemd unit <paramref name="service"/> the user data writes.</summary>
    public static List<string> Unit(string userData, string service) =>
        Between(userData, $"cat > /etc/systemd/system/{service} <<'UNIT'\n", "\nUNIT\n");

    /// <summary>The kamailio.cfg the user data writes.</summary>
    public static string KamailioConfig(string userData) =>
        string.Join('\n', Between(userData, $"cat > {SbcPaths.KamailioConfigFile} <<'KAMAILIO_CFG'\n", "\nKAMAILIO_CFG\n")) + "\n";

    /// <summary>
    /// The user data with each distinct CloudFormation reference (<c>&lt;Ref:...&gt;</c> and the like) replaced by its own
    /// IPv4 address from 10.99.0.0/16, as the addresses are resolved at deploy time.
    /// </summary>
    public static string WithAddresses(string userData)
    {
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(userData, "<(Ref|GetAtt|Select0):[^>]+>", match =>
        {
            if (!addresses.TryGetValue(match.Value, out var address))
            {
                address = $"10.99.{addresses.Count / 250}.{(addresses.Count % 250) + 1}";
                addresses[match.Value] = address;
            }
            return address;
        });
    }

    /// <summary>The lines between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static List<string> Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"missing '{start.Trim()}'");
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to > from, $"missing '{end.Trim()}' after '{start.Trim()}'");
        return [.. text[from..to].Split('\n')];
    }

    /// <summary>Every statement of the IAM policies attached to the pair's role.</summary>
    public static IEnumerable<JsonElement> RoleStatements(SynthesizedApp app, string stack, SbcPair pair)
    {
        var roleId = LogicalId(pair.Role);
        return app.Resources(stack, "AWS::IAM::Policy")
            .Where(p => p.Properties.GetProperty("Roles").GetRawText().Contains($"\"{roleId}\"", StringComparison.Ordinal))
            .SelectMany(p => p.Properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray());
    }
}
