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
. bench/bench-rtpengine.sh
bench_require_idle_rtpengine

# 1000 streams need 1000 generator sockets plus ~2000 relay sockets.
ulimit -n 20000 2>/dev/null || true

. bench/bench-build.sh
bench_build_relays

prefix="${RELAY_BENCH_NETNS_PREFIX:-kf-bench}"
. bench/bench-netns.sh
bench_netns_up "$prefix" kfua0 kfrl0 10.78.1 forward accept-local

# Raised priority (inherited by the relays and the generator) so other load on a shared machine disturbs less.
# Defaults sized for 5-8 minutes on an idle 2-core machine: one fixed rate, one relay thread (a second thread would
# only compete with the generator for the 2 cores), 2 rounds (the summary takes medians: their mean).
flock "${RELAY_BENCH_LOCK:-/tmp/rtconaws-timing.lock}" \
  ip netns exec "$netns_agents" nice -n -10 "$relay_bench" compare \
    --out bench/results/relay.md --streams 1000 --rates 50 --threads 1 --warmup 2 --seconds 5 --repeat 2 \
    --search yes --search-seconds 2 --saturation no --profile true --sender-threads 2 --daemon "$daemon" \
    "${netns_options[@]}" "$@"
bench/render-benchmarks.sh >&2
