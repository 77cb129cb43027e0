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

dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet >&2
dotnet build media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj -c Release --nologo -v quiet >&2
daemon="$PWD/media-node/RtcOnAws.MediaNode/bin/Release/net10.0/RtcOnAws.MediaNode"

prefix="${RELAY_MEMORY_NETNS_PREFIX:-mem-bench}"
agents="$prefix$$-ua"
relay="$prefix$$-rl"
cleanup() {
  # Whatever still runs in the namespaces (the generator, a relay it started) was started by this script.
  for ns in "$agents" "$relay"; do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
  done
  ip netns del "$agents" 2>/dev/null || true
  ip netns del "$relay" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Namespaces of a run that died (its PID is gone) go first.
for name in $(ip netns list | awk '{print $1}' | grep -E "^$prefix[0-9]+-(ua|rl)\$" || true); do
  pid="${name#"$prefix"}"; pid="${pid%-*}"
  [ -d "/proc/$pid" ] || ip netns del "$name" 2>/dev/null || true
done
ip netns add "$agents"
ip netns add "$relay"
ip link add rmua0 netns "$agents" type veth peer name rmrl0 netns "$relay"
ip -n "$agents" addr add 10.78.1.2/24 dev rmua0
ip -n "$agents" addr add 10.78.1.3/24 dev rmua0
ip -n "$relay" addr add 10.78.1.1/24 dev rmrl0
for ns in "$agents" "$relay"; do
  ip -n "$ns" link set lo up
done
ip -n "$agents" link set rmua0 up
ip -n "$relay" link set rmrl0 up
ip netns exec "$relay" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.rmrl0.send_redirects=0

flock "${RELAY_BENCH_LOCK:-/tmp/rtconaws-timing.lock}" \
  ip netns exec "$agents" bench/RelayBench/bin/Release/net10.0/RelayBench memory --out bench/results/relay-memory.md \
    --daemon "$daemon" --netns-relay "$relay" --relay-address 10.78.1.1 --caller-address 10.78.1.2 --callee-address 10.78.1.3 "$@"
bench/render-benchmarks.sh >&2
