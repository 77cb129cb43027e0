using RtcOnAws.MediaNode;

// Features plug in here without touching the daemon: the HA layer adds its IMediaNodeExtension to this array and
// its subcommands with root.Subcommands.Add(...) below.
IMediaNodeExtension[] extensions = [];
var root = MediaNodeCommand.Create(extensions);
return await MediaNodeCommand.InvokeAsync(root, args);
