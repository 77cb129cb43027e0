namespace RtcOnAws.Aws.Runtime;

/// <summary>What the transport needs to know about one service: its SigV4 signing name and how its endpoint is formed.</summary>
internal sealed record AwsService(string SigningName, bool IsGlobal)
{
    public static readonly AwsService Ec2 = new("ec2", IsGlobal: false);
    public static readonly AwsService AutoScaling = new("autoscaling", IsGlobal: false);

    /// <summary>Route 53 is a global service served from us-east-1 (aws partition).</summary>
    public static readonly AwsService Route53 = new("route53", IsGlobal: true);

    public Uri DefaultEndpoint(string region)
    {
        var china = region.StartsWith("cn-", StringComparison.Ordinal);
        var suffix = china ? "amazonaws.com.cn" : "amazonaws.com";
        return IsGlobal
            ? new Uri(china ? $"https://route53.{suffix}/" : "https://route53.amazonaws.com/")
            : new Uri($"https://{SigningName}.{region}.{suffix}/");
    }

    public string SigningRegion(string region)
    {
        if (!IsGlobal) return region;
        return region.StartsWith("cn-", StringComparison.Ordinal) ? "cn-northwest-1" : "us-east-1";
    }
}
