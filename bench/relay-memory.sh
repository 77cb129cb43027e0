#!/usr/bin/env bash
# Where media-node's resident memory per call goes: starts the daemon on loopback, sets up calls over ng in batches
# (a few packets on every stream so each learns its endpoint) and splits RSS growth per call into live managed data,
# GC headroom and the rest (see bench/RelayBench/MemoryCommand.cs). Writes bench/results/relay-memory.md and BENCHMARKS.md.
# Options are passed to `RelayBench memory`, e.g.
#   bench/relay-memory.sh --calls 1000 --batches 2 --json
# Memory is not timing-sensitive, so this takes no lock and needs no quiet machine (about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."

# 1000 calls are 4000 relay sockets and 2000 generator sockets per batch.
ulimit -n 20000 2>/dev/null || true

dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet >&2
dotnet build media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj -c Release --nologo -v quiet >&2
bench/RelayBench/bin/Release/net10.0/RelayBench memory --out bench/results/relay-memory.md \
  --daemon "$PWD/media-node/RtcOnAws.MediaNode/bin/Release/net10.0/RtcOnAws.MediaNode" "$@"
bench/render-benchmarks.sh >&2
