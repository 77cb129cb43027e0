using Amazon.CDK;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;
using RegionFacts = Amazon.CDK.RegionInfo.RegionInfo;

namespace RtcOnAws.Constructs.Edge;

/// <summary>
/// Turns on an Application Load Balancer's access logs in a stack with or without a region known at synth.
/// ALB log delivery writes as a per-region principal: the region's Elastic Load Balancing account in regions opened
/// before August 2022, the service principal <c>logdelivery.elasticloadbalancing.amazonaws.com</c> in later ones.
/// CDK 2.160's <c>LogAccessLogs</c> picks it from its region facts and throws when the region is a token, so a stack
/// without a region gets the same facts as a CloudFormation mapping, resolved by the region it is deployed to.
/// </summary>
internal static class AlbAccessLogDelivery
{
    /// <summary>The principal of regions without an Elastic Load Balancing account.</summary>
    public const string ServicePrincipalName = "logdelivery.elasticloadbalancing.amazonaws.com";

    /// <summary>The mapping value of a region that uses <see cref="ServicePrincipalName"/>.</summary>
    public const string NoAccount = "none";

    private const string MappingId = "RtcOnAwsElbLogDeliveryAccounts";
    private const string ConditionId = "RtcOnAwsElbLogDeliveryByServicePrincipal";
    private const string AccountKey = "account";

    /// <summary>Writes <paramref name="loadBalancer"/>'s access logs to <paramref name="bucket"/> under <paramref name="prefix"/>.</summary>
    public static void Enable(ApplicationLoadBalancer loadBalancer, Bucket bucket, string prefix)
    {
        var stack = Stack.Of(loadBalancer);
        if (!Token.IsUnresolved(stack.Region))
        {
            loadBalancer.LogAccessLogs(bucket, prefix);
            return;
        }

        loadBalancer.SetAttribute("access_logs.s3.enabled", "true");
        loadBalancer.SetAttribute("access_logs.s3.bucket", bucket.BucketName);
        loadBalancer.SetAttribute("access_logs.s3.prefix", prefix);
        var logs = bucket.ArnForObjects($"{prefix}/AWSLogs/{stack.Account}/*");
        var (mapping, byServicePrincipal) = RegionFactsOf(stack);
        // In a service-principal region the account statement names the stack's own account, which may write anyway.
        var account = Fn.ConditionIf(byServicePrincipal.LogicalId, Aws.ACCOUNT_ID, mapping.FindInMap(Aws.REGION, AccountKey)).ToString();
        bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AlbLogDeliveryByRegionAccount",
            Principals = [new AccountPrincipal(account)],
            Actions = ["s3:PutObject"],
            Resources = [logs],
        }));
        bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AlbLogDeliveryByServicePrincipal",
            Principals = [new ServicePrincipal(ServicePrincipalName)],
            Actions = ["s3:PutObject"],
            Resources = [logs],
        }));
        // The load balancer checks the bucket policy when the attribute is set.
        loadBalancer.Node.AddDependency(bucket.Policy!);
    }

    private static (CfnMapping Mapping, CfnCondition ByServicePrincipal) RegionFactsOf(Stack stack)
    {
        if (stack.Node.TryFindChild(MappingId) is CfnMapping existing)
        {
            return (existing, (CfnCondition)stack.Node.FindChild(ConditionId));
        }

        var accounts = RegionFacts.Regions
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToDictionary(r => r.Name, r => (IDictionary<string, object>)new Dictionary<string, object> { [AccountKey] = r.Elbv2Account ?? NoAccount });
        var mapping = new CfnMapping(stack, MappingId, new CfnMappingProps { Mapping = accounts });
        var condition = new CfnCondition(stack, ConditionId, new CfnConditionProps
        {
            Expression = Fn.ConditionEquals(mapping.FindInMap(Aws.REGION, AccountKey), NoAccount),
        });
        return (mapping, condition);
    }
}
