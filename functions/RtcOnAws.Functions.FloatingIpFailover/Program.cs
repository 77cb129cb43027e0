using RtcOnAws.Failover.Ec2;
using RtcOnAws.Functions.FloatingIpFailover;
using RtcOnAws.Lambda.Runtime;

return await LambdaBootstrap.RunAsync(_ =>
{
    var function = new FailoverFunction(Ec2Clients.Create(), FailoverSettings.FromEnvironment(), TimeProvider.System);
    return Task.FromResult<LambdaHandler>(function.HandleAsync);
}, CancellationToken.None).ConfigureAwait(false);
