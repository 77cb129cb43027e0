using RtcOnAws.Bench.Relay;

// RelayBench compare --out FILE [--streams 1000] [--rates 50,100] [--seconds 10] [--warmup 3] [--threads N] [--loops N] [--batch N] [--repeat 1] [--relays rtpengine,media-node] [--daemon PATH] [--srtp SUITE] [--saturation yes|no]
// RelayBench serve --plan FILE --ready FILE [--loops N] [--batch N] [--port-min A] [--port-max B]   (used by compare)
if (args.Length == 0 || args[0] is not ("compare" or "serve"))
{
    Console.Error.WriteLine("usage: RelayBench compare --out FILE [options] | RelayBench serve --plan FILE --ready FILE [options]");
    return 2;
}

var arguments = new Arguments(args.Skip(1));
return args[0] == "compare" ? await CompareCommand.RunAsync(arguments) : await ServeCommand.RunAsync(arguments);
