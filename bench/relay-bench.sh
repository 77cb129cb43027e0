#!/usr/bin/env bash
# Benchmarks media-node's relay against rtpengine (Debian bookworm's 10.5, userspace only) on this machine and
# writes bench/results/relay.md. Options are passed to `RelayBench compare`, e.g.
#   bench/relay-bench.sh --streams 1000 --rates 50,100 --seconds 10 --repeat 3 --threads 2,1
# (about 10 minutes with the defaults).
# Needs root (to install rtpengine-daemon if missing) and ~2 GB free memory; runs only on loopback.
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

dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet

# Measure the real daemon (calls set up over ng, like rtpengine); fall back to hosting the relay engine directly.
daemon_args=()
if dotnet build media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj -c Release --nologo -v quiet; then
  daemon_args=(--daemon "$PWD/media-node/RtcOnAws.MediaNode/bin/Release/net10.0/RtcOnAws.MediaNode")
else
  echo "media-node daemon did not build; benchmarking RelayEngine hosted by RelayBench serve" >&2
fi
# Raised priority (inherited by both relays and the generator) so other load on a shared machine disturbs less.
nice -n -10 bench/RelayBench/bin/Release/net10.0/RelayBench compare --out bench/results/relay.md --repeat 3 "${daemon_args[@]}" "$@"
