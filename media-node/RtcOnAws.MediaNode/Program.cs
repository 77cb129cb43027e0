using RtcOnAws.MediaNode;

// Features plug in here without touching the daemon: extensions (options + a service started on the bound engine)
// in this array, subcommands after the root command is built.
IMediaNodeExtension[] extensions = [new HighAvailabilityExtension(), new CloudWatchHeartbeatExtension()];
var root = MediaNodeCommand.Create(extensions);
root.Subcommands.Add(DrillCommand.Create());
return await MediaNodeCommand.InvokeAsync(root, args);
