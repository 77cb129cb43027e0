using RtcOnAws.MediaNode;

// Features plug in here without touching the daemon: the HA layer adds its IMediaNodeExtension to this array and
// its subcommands with root.Subcommands.Add(...) below.
IMediaNodeExtension[] extensions = [new HighAvailabilityExtension()];
var root = MediaNodeCommand.Create(extensions);
root.Subcommands.Add(DrillCommand.Create());
return await MediaNodeCommand.InvokeAsync(root, args);
