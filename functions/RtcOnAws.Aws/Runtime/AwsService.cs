namespace RtcOnAws.Aws.Runtime;

/// <summary>What the transport needs to know about one service: its SigV4 signing name and how its endpoint is formed.</summary>
/// <param name="SigningName">SigV4 service name and endpoint prefix.</param>
/// <param name="EndpointEnvironmentSuffix">Service id as in the SDKs' AWS_ENDPOINT_URL_&lt;SERVICE&gt; variable.</param>
/// <param name="IsGlobal">Served from one endpoint signed for one region.</param>
internal sealed record AwsService(string SigningName, string EndpointEnvironmentSuffix, bool IsGlobal)
{
    public static readonly AwsService AutoScaling = new("autoscaling", "AUTO_SCALING", IsGlobal: false);

    /// <summary>CloudWatch metrics: signing name and endpoint prefix "monitoring", SDK service id "CloudWatch".</summary>
    public static readonly AwsService CloudWatch = new("monitoring", "CLOUDWATCH", IsGlobal: false);

    /// <summary>Route 53 is a global service served from us-east-1 (aws partition).</summary>
    public static readonly AwsService Route53 = new("route53", "ROUTE_53", IsGlobal: true);

    /// <summary>The endpoint override the AWS SDKs and CLI honour: AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL.</summary>
    public Uri? EndpointFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable($"AWS_ENDPOINT_URL_{EndpointEnvironmentSuffix}")
                    ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"AWS_ENDPOINT_URL(_{EndpointEnvironmentSuffix}) is \"{value}\"; expected an absolute URL such as http://127.0.0.1:4566.");
    }

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
