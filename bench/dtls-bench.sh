#!/usr/bin/env bash
# DTLS-SRTP handshakes per second and relay CPU per handshake, media-node vs rtpengine 10.5 (userspace), in the same
# run: N calls per relay whose callee leg is WebRTC (ICE + DTLS, the relay as DTLS server), set up over ng; then
# RelayBench's generator plays each callee's browser and completes ICE and the DTLS client handshake, C at a time.
# Writes bench/results/dtls.md; then run bench/render-benchmarks.sh.
#   bench/dtls-bench.sh [RelayBench dtls options: --handshakes 2000 --warmup 2000 --concurrency 32 --repeat 3 --threads N --json]
# Runs under flock /tmp/rtconaws-timing.lock so no other timing-sensitive run shares the cores. Loopback only; every
# handshake is bounded (--handshake-timeout 10 s) and so is each relay's round (--max-seconds 300).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/bench-rtpengine.sh
bench_require_idle_rtpengine

# One loopback socket per call on the generator's side.
ulimit -n 50000 2>/dev/null || ulimit -n 20000 2>/dev/null || true
. bench/bench-build.sh
bench_build_relays
flock /tmp/rtconaws-timing.lock \
  "$relay_bench" dtls --out bench/results/dtls.md \
    --daemon "$daemon" \
    --handshakes 2000 --concurrency 32 --repeat 3 "$@"
