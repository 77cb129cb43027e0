// The kernel-forwarding tests start `ip`/`nft` processes. Between fork and exec a child holds a copy of every descriptor
// of this process, so a socket a port test has just closed (or a port FreePorts has just probed) stays bound for that
// moment: tests that assert a port is free or bindable failed about one run in ten while those children were forking.
// The project's classes therefore run one at a time (the whole project takes seconds either way).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
