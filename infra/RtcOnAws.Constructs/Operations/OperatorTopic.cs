using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace RtcOnAws.Constructs.Operations;

/// <summary>
/// The SNS topic that pages the operator, shared by <see cref="RtcOperations"/> and <see cref="Route53HealthAlarms"/>:
/// the one brought, or a new TLS-only topic CloudWatch alarms of this account may publish to; plus the optional e-mail
/// subscription.
/// </summary>
internal static class OperatorTopic
{
    /// <summary>
    /// Returns <paramref name="existing"/>, or a new topic with id <c>AlarmTopic</c> under <paramref name="scope"/>, and
    /// subscribes <paramref name="alarmEmail"/> to it when given.
    /// </summary>
    public static ITopic Create(Construct scope, ITopic? existing, string displayName, string? alarmEmail)
    {
        var topic = existing ?? NewTopic(scope, displayName);
        if (alarmEmail is not null)
        {
            topic.AddSubscription(new EmailSubscription(alarmEmail));
        }
        return topic;
    }

    private static Topic NewTopic(Construct scope, string displayName)
    {
        var topic = new Topic(scope, "AlarmTopic", new TopicProps { DisplayName = displayName, EnforceSSL = true });
        // A topic policy replaces the account's default one, so CloudWatch's right to publish is spelled out; it also
        // carries the deny of publishing without TLS that EnforceSSL adds.
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarms",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Stack.Of(scope).Account },
            },
        }));
        return topic;
    }
}
