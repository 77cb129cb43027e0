#!/usr/bin/env bash
# CPU per SRTP-protected relayed packet, media-node vs rtpengine 10.5 (userspace), in the same run (issue 14): calls
# whose callee leg is SDES-SRTP (transport-protocol RTP/SAVP) and caller leg plain RTP, set up over ng on both relays,
# fed by RelayBench's load generator, next to a baseline run of the generator alone. Writes bench/results/srtp.md and
# BENCHMARKS.md.
#   bench/srtp-bench.sh [--suite AES_CM_128_HMAC_SHA1_80|AEAD_AES_128_GCM] [RelayBench compare options...]
# Defaults: 1000 streams (500 sending callers) at 50 pkt/s, 2 and 1 threads, 5 interleaved rounds (about 5 minutes on
# an idle 2-core machine); CPU per packet is machine-wide minus the baseline of the same round, the verdict is on the
# median of the per-round media-node/rtpengine ratios with min-max shown. A quick check:
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

if ! command -v rtpengine >/dev/null 2>&1; then
  echo "rtpengine (Debian rtpengine-daemon) is not installed; scripts/test.sh installs it." >&2
  exit 1
fi
if pgrep -x rtpengine >/dev/null; then
  echo "An rtpengine process is already running (pid $(pgrep -x rtpengine | tr '\n' ' ')); stop it first." >&2
  exit 1
fi

# 1000 streams need 1000 generator sockets plus ~2000 relay sockets.
ulimit -n 20000 2>/dev/null || true
dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet >&2
dotnet build media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj -c Release --nologo -v quiet >&2
daemon="$PWD/media-node/RtcOnAws.MediaNode/bin/Release/net10.0/RtcOnAws.MediaNode"

prefix="${SRTP_BENCH_NETNS_PREFIX:-sr-bench}"
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
ip link add srua0 netns "$agents" type veth peer name srrl0 netns "$relay"
ip -n "$agents" addr add 10.79.1.2/24 dev srua0
ip -n "$agents" addr add 10.79.1.3/24 dev srua0
ip -n "$relay" addr add 10.79.1.1/24 dev srrl0
for ns in "$agents" "$relay"; do
  ip -n "$ns" link set lo up
done
ip -n "$agents" link set srua0 up
ip -n "$relay" link set srrl0 up
# The generator injects its frames (AF_PACKET); the direct baseline's come in on lo from a source address of this host,
# which the kernel accepts only with accept_local.
ip netns exec "$agents" sysctl -qw net.ipv4.conf.lo.accept_local=1

flock /tmp/rtconaws-timing.lock \
  ip netns exec "$agents" bench/RelayBench/bin/Release/net10.0/RelayBench compare --out bench/results/srtp.md --srtp "$suite" \
    --daemon "$daemon" --streams 1000 --rates 50 --threads 2,1 --warmup 2 --seconds 5 --repeat 5 --saturation no \
    --relays baseline,rtpengine,media-node \
    --netns-relay "$relay" --relay-address 10.79.1.1 --caller-address 10.79.1.2 --callee-address 10.79.1.3 "$@"
bench/render-benchmarks.sh >&2
