using System.CommandLine;
using RtcOnAws.MediaNode.Drill;

var root = new RootCommand("Drills for the RtcOnAws SBC pair: real processes in network namespaces with no route out (root only).")
{
    MediaDrillCommand.Create(),
};
// The drills handle SIGTERM/SIGINT themselves: they must delete their namespaces before exiting.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
