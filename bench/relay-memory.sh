#!/usr/bin/env bash
# Resident memory per call and where it goes, in the relay benchmark's topology: media-node with kernel forwarding (and,
# if asked, in userspace and rtpengine) first carries warm-up calls through the whole path, then 1,000 calls in two
# batches with media on every stream; RSS per call at 1,000 calls minus before them (the issue's "RSS delta") and between
# the batches (the slope), split by kind of mapping (smaps) and, for media-node, the managed heap (see
# bench/RelayBench/MemoryCommand.cs). bench/relay-bench.sh runs the same measure for its summary. Writes
# bench/results/relay-memory.md and BENCHMARKS.md. Options are passed to `RelayBench memory`, e.g.
#   bench/relay-memory.sh --json                                            # media-node kernel: about a minute
#   bench/relay-memory.sh --relays media-node-kernel,media-node,rtpengine --json   # the three relays of bench/relay-bench.sh
#   bench/relay-memory.sh --gcdump ~/.dotnet/tools/dotnet-gcdump           # plus live objects per call by type (forces GCs)
#   bench/relay-memory.sh --daemon /path/to/published/RtcOnAws.MediaNode   # another build, e.g. the ReadyToRun one the CDK ships
# Topology: the relay in network namespace <prefix><PID>-rl (10.78.1.1, IPv4 forwarding on), the user agents in
# <prefix><PID>-ua (10.78.1.2 and 10.78.1.3), one veth pair, no route out; both deleted on every exit. The prefix is
# mem-bench unless RELAY_MEMORY_NETNS_PREFIX says otherwise. Needs root. Memory does not depend on the machine's load,
# but the run sends media: it takes flock ${RELAY_BENCH_LOCK:-/tmp/rtconaws-timing.lock} so it never skews a timed run.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1000 calls are 4000 relay sockets and 2000 generator sockets.
ulimit -n 20000 2>/dev/null || true

. bench/bench-build.sh
bench_build_relays

prefix="${RELAY_MEMORY_NETNS_PREFIX:-mem-bench}"
. bench/bench-netns.sh
bench_netns_up "$prefix" rmua0 rmrl0 10.78.1 forward

flock "${RELAY_BENCH_LOCK:-/tmp/rtconaws-timing.lock}" \
  ip netns exec "$netns_agents" "$relay_bench" memory --out bench/results/relay-memory.md \
    --daemon "$daemon" "${netns_options[@]}" "$@"
bench/render-benchmarks.sh >&2
