# Sourced by the relay benchmarks (bench/relay-bench.sh, bench/srtp-bench.sh, bench/relay-memory.sh,
# bench/dtls-bench.sh): builds RelayBench and the media-node daemon (Release, build output on stderr so a --json
# line stays the last of stdout) and sets relay_bench and daemon to their executables.
bench_build_relays() {
  dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet >&2
  dotnet build media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj -c Release --nologo -v quiet >&2
  relay_bench="$PWD/bench/RelayBench/bin/Release/net10.0/RelayBench"
  daemon="$PWD/media-node/RtcOnAws.MediaNode/bin/Release/net10.0/RtcOnAws.MediaNode"
}
