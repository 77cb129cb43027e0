#!/usr/bin/env bash
# CPU per SRTP-protected relayed packet, media-node vs rtpengine 10.5 (userspace), in the same run: calls whose callee
# leg is SDES-SRTP (transport-protocol RTP/SAVP) and caller leg plain RTP, set up over ng on both relays, fed by
# RelayBench's load generator. Writes bench/results/srtp.md; then run bench/render-benchmarks.sh.
#   bench/srtp-bench.sh [--suite AES_CM_128_HMAC_SHA1_80|AEAD_AES_128_GCM] [RelayBench compare options...]
# Defaults: 1000 streams (500 sending callers) at 50 pkt/s, 1 and 2 threads, 3 rounds. No saturation row: with SRTP
# towards the callees rtpengine relayed nothing when flooded in the first runs here (not understood yet), and a row
# of zeros would read as a verdict.
# Runs under flock /tmp/rtconaws-timing.lock so no other timing-sensitive run shares the cores. Loopback only.
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

ulimit -n 20000 2>/dev/null || true
dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet
dotnet build media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj -c Release --nologo -v quiet
flock /tmp/rtconaws-timing.lock \
  bench/RelayBench/bin/Release/net10.0/RelayBench compare --out bench/results/srtp.md --srtp "$suite" \
    --daemon "$PWD/media-node/RtcOnAws.MediaNode/bin/Release/net10.0/RtcOnAws.MediaNode" \
    --streams 1000 --rates 50 --repeat 3 --saturation no --relays baseline,rtpengine,media-node "$@"
