using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.Route53;
using RtcOnAws.Failover.Ec2;
using RtcOnAws.Functions.LifecycleDns;
using RtcOnAws.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(_ =>
{
    var function = new LifecycleDnsFunction(
        Ec2Clients.Create(), new AmazonRoute53Client(), new AmazonAutoScalingClient(), DnsSettings.FromEnvironment(), TimeProvider.System);
    return Task.FromResult<LambdaHandler>(function.HandleAsync);
}, CancellationToken.None).ConfigureAwait(false);
