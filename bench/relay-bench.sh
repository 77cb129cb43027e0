#!/usr/bin/env bash
# Benchmarks media-node's relay with kernel forwarding, media-node in userspace and rtpengine (Debian bookworm's
# 10.5, userspace only: its kernel module cannot be built or loaded on this kernel) in one run, next to a baseline run
# of the load generator alone (callers straight to callees), and writes bench/results/relay.md and BENCHMARKS.md.
# Per relay: CPU per relayed packet machine-wide minus the baseline's at the same rate, the highest rate relayed at
# < 0.1 % loss (a stepped search; generator-bound when the generator cannot offer more), and the p99 latency media-node
# adds at half that rate (send to the kernel's receive timestamp at the callee's host, minus the baseline's).
# The generator sends prebuilt frames on an AF_PACKET socket, a sendmmsg per batch, from 2 threads (--sender-threads;
# --sender sockets for one sendto per packet). Options are passed to `RelayBench compare` and override the defaults
# below, e.g.
#   bench/relay-bench.sh --json                                   # 5-8 minutes on an idle 2-core machine
#   bench/relay-bench.sh --streams 200 --seconds 2 --warmup 1 --search-seconds 1 --repeat 1 --profile false   # a check
# With --json the last line of stdout is one JSON object of the headline numbers.
# Topology: the relay in network namespace <prefix><PID>-rl (10.78.1.1, IPv4 forwarding on), the load generator in
# <prefix><PID>-ua (callers 10.78.1.2, callees 10.78.1.3), one veth pair, no route out; both deleted on every exit.
# The prefix is kf-bench unless RELAY_BENCH_NETNS_PREFIX says otherwise.
# Needs root (namespaces, nftables, perf, rtpengine-daemon install if missing) and ~2 GB free memory. Runs under
# flock ${RELAY_BENCH_LOCK:-/tmp/rtconaws-timing.lock} so no other timing-sensitive run overlaps.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
if ! command -v rtpengine >/dev/null 2>&1; then
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends rtpengine-daemon
fi

# Debian starts and enables the packaged service on install; a second rtpengine would skew the numbers.
$sudo_cmd service rtpengine-daemon stop >/dev/null 2>&1 || true
$sudo_cmd update-rc.d rtpengine-daemon disable >/dev/null 2>&1 || true
$sudo_cmd systemctl disable --now rtpengine-daemon >/dev/null 2>&1 || true
if pgrep -x rtpengine >/dev/null; then
  echo "An rtpengine process is still running (pid $(pgrep -x rtpengine | tr '\n' ' ')); stop it first." >&2
  exit 1
fi

# 1000 streams need 1000 generator sockets plus ~2000 relay sockets.
ulimit -n 20000 2>/dev/null || true

dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet >&2
# The real daemon (calls set up over ng, like rtpengine), in both kernel forwarding modes.
dotnet build media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj -c Release --nologo -v quiet >&2
daemon="$PWD/media-node/RtcOnAws.MediaNode/bin/Release/net10.0/RtcOnAws.MediaNode"

prefix="${RELAY_BENCH_NETNS_PREFIX:-kf-bench}"
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
ip link add kfua0 netns "$agents" type veth peer name kfrl0 netns "$relay"
ip -n "$agents" addr add 10.78.1.2/24 dev kfua0
ip -n "$agents" addr add 10.78.1.3/24 dev kfua0
ip -n "$relay" addr add 10.78.1.1/24 dev kfrl0
for ns in "$agents" "$relay"; do
  ip -n "$ns" link set lo up
done
ip -n "$agents" link set kfua0 up
ip -n "$relay" link set kfrl0 up
# Callers and callees share the link, so forwarded packets leave the way they came: no ICMP redirects.
ip netns exec "$relay" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.kfrl0.send_redirects=0
# The generator injects its frames (AF_PACKET); the direct baseline's come in on lo from a source address of this host,
# which the kernel accepts only with accept_local (locally sent packets skip that check: they carry their route).
ip netns exec "$agents" sysctl -qw net.ipv4.conf.lo.accept_local=1

# Raised priority (inherited by the relays and the generator) so other load on a shared machine disturbs less.
# Defaults sized for 5-8 minutes on an idle 2-core machine: one fixed rate, one relay thread (a second thread would
# only compete with the generator for the 2 cores), 2 rounds (the summary takes medians: their mean).
flock "${RELAY_BENCH_LOCK:-/tmp/rtconaws-timing.lock}" \
  ip netns exec "$agents" nice -n -10 bench/RelayBench/bin/Release/net10.0/RelayBench compare \
    --out bench/results/relay.md --streams 1000 --rates 50 --threads 1 --warmup 2 --seconds 5 --repeat 2 \
    --search yes --search-seconds 2 --saturation no --profile true --sender-threads 2 --daemon "$daemon" \
    --netns-relay "$relay" --relay-address 10.78.1.1 --caller-address 10.78.1.2 --callee-address 10.78.1.3 "$@"
bench/render-benchmarks.sh >&2
