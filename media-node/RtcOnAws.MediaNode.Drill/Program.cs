using System.CommandLine;
using RtcOnAws.MediaNode.Drill;
using RtcOnAws.MediaNode.Drill.Sbc;

var root = new RootCommand("Drills for the RtcOnAws SBC pair: real processes in network namespaces with no route out (root only).")
{
    MediaDrillCommand.Create(),
    SbcDrillCommand.Create(),
};
// The drills handle SIGTERM/SIGINT themselves: they must delete their namespaces before exiting.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
