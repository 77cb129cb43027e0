#!/usr/bin/env bash
# CPU per SRTP-protected relayed packet, media-node vs rtpengine 10.5 (userspace), in the same run (issue 14): calls
# whose callee leg is SDES-SRTP (transport-protocol RTP/SAVP) and caller leg plain RTP, set up over ng on both relays,
# fed by RelayBench's load generator, next to a baseline run of the generator alone. Writes bench/results/srtp.md and
# BENCHMARKS.md.
#   bench/srtp-bench.sh [--suite AES_CM_128_HMAC_SHA1_80|AEAD_AES_128_GCM] [RelayBench compare options...]
# Defaults: 1000 streams (500 sending callers) at 50 pkt/s, 2 and 1 threads, 9 interleaved rounds (about 8 minutes on
# an idle 2-core machine); CPU per packet is machine-wide minus the baseline of the same round, the verdict is on the
# median of the per-round media-node/rtpengine ratios with min-max shown (rounds on 2 cores differ by up to ±30 %, so 5
# rounds left the 2-thread median within one round of either verdict). A quick check:
#   bench/srtp-bench.sh --repeat 1 --seconds 2 --warmup 1
# No saturation row: rtpengine declares a socket that finds more than 50 packets queued on three reads problematic and
# ignores it from then on (sipwise/rtpengine#1935), so a flooded rtpengine relays nothing on those calls.
# Topology: the relay in network namespace <prefix><PID>-rl (10.79.1.1), the load generator in <prefix><PID>-ua (callers
# 10.79.1.2, callees 10.79.1.3), one veth pair, no route out; both deleted on every exit. The prefix is sr-bench unless
# SRTP_BENCH_NETNS_PREFIX says otherwise. Needs root (namespaces). Runs under flock /tmp/rtconaws-timing.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=AES_CM_128_HMAC_SHA1_80
if [ "${1:-}" = "--suite" ]; then
  suite=$2
  shift 2
fi

. bench/bench-rtpengine.sh
bench_require_idle_rtpengine

# 1000 streams need 1000 generator sockets plus ~2000 relay sockets.
ulimit -n 20000 2>/dev/null || true
. bench/bench-build.sh
bench_build_relays

prefix="${SRTP_BENCH_NETNS_PREFIX:-sr-bench}"
. bench/bench-netns.sh
bench_netns_up "$prefix" srua0 srrl0 10.79.1 accept-local

flock /tmp/rtconaws-timing.lock \
  ip netns exec "$netns_agents" "$relay_bench" compare --out bench/results/srtp.md --srtp "$suite" \
    --daemon "$daemon" --streams 1000 --rates 50 --threads 2,1 --warmup 2 --seconds 5 --repeat 9 --saturation no \
    --relays baseline,rtpengine,media-node \
    "${netns_options[@]}" "$@"
bench/render-benchmarks.sh >&2
