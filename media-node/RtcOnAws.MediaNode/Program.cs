using RtcOnAws.MediaNode;

// Features plug in here without touching the daemon: extensions (options + a service started on the bound engine)
// in this array.
IMediaNodeExtension[] extensions = [new HighAvailabilityExtension(), new CloudWatchHeartbeatExtension()];
var root = MediaNodeCommand.Create(extensions);
return await MediaNodeCommand.InvokeAsync(root, args);
