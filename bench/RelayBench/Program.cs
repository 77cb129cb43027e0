using RtcOnAws.Bench.Relay;

// RelayBench compare --out FILE [--streams 1000] [--rates 50,100] [--seconds 10] [--warmup 3] [--threads N] [--batch N] [--repeat 1] [--relays baseline,rtpengine,media-node,media-node-kernel] [--daemon PATH] [--srtp SUITE] [--saturation yes|no] [--search yes|no] [--search-seconds 2] [--search-start PKT_PER_S] [--profile true|false] [--sender frames|sockets] [--sender-threads N] [--netns-relay NS --relay-address A --caller-address C --callee-address D] [--json]
// RelayBench dtls --out FILE --daemon PATH [--handshakes 2000] [--warmup 2000] [--concurrency 32] [--repeat 1] [--threads N] [--handshake-timeout 10] [--max-seconds 300] [--relays rtpengine,media-node] [--json]
// RelayBench serve --plan FILE --ready FILE [--loops N] [--batch N] [--port-min A] [--port-max B]   (used by compare)
// RelayBench memory --out FILE [--relays media-node-kernel,media-node,rtpengine] [--daemon PATH] [--calls 500] [--batches 2] [--warmup-calls 40] [--seconds 3] [--rate 20] [--relay-backend epoll|portable] [--gcdump PATH-TO-dotnet-gcdump] [--netns-relay NS --relay-address A --caller-address C --callee-address D] [--json]   (bench/relay-memory.sh)
// RelayBench kernel-takeover --address A --caller-address C --callee-address D [--calls 500] [--rounds 3]   (used by compare, in the relay's namespace)
if (args.Length == 0 || args[0] is not ("compare" or "dtls" or "serve" or "memory" or "kernel-takeover"))
{
    Console.Error.WriteLine("usage: RelayBench compare --out FILE [options] | RelayBench dtls --out FILE --daemon PATH [options] | RelayBench serve --plan FILE --ready FILE [options] | RelayBench memory --daemon PATH --out FILE [options] | RelayBench kernel-takeover --address A --caller-address C --callee-address D");
    return 2;
}

var arguments = new Arguments(args.Skip(1));
return args[0] switch
{
    "compare" => await CompareCommand.RunAsync(arguments),
    "dtls" => await DtlsCommand.RunAsync(arguments),
    "serve" => await ServeCommand.RunAsync(arguments),
    "memory" => await MemoryCommand.RunAsync(arguments),
    _ => await TakeoverCommand.RunAsync(arguments),
};
