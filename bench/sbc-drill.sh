#!/usr/bin/env bash
# The SBC drill (issue 10): an SBC pair in network namespaces with no route out — SIPp caller, SIPp callee (the
# upstream), node A and node B each running the rendered Kamailio config and media-node as the CDK starts them, Redis —
# N calls with two-way RTP, SIGKILL of node A's Kamailio and media-node mid-call, re-INVITE and BYE through node B.
# Usage: bench/sbc-drill.sh [--calls N] [--json] [--rate CPS] [--work-dir DIR] [--setup-rate]
#   Human table by default; with --json the last stdout line is one JSON object (calls_total, calls_completed,
#   calls_failed, reinvites_failed, max_gap_ms, p99_gap_ms, packets_lost, failover_ms, ports_leaked, redis_keys_leaked…).
# Root only; removes everything it creates on every exit path (and namespaces a killed run left behind).
set -euo pipefail
cd "$(dirname "$0")/.."

drill=media-node/RtcOnAws.MediaNode.Drill/bin/Release/net10.0/RtcOnAws.MediaNode.Drill
if ! dotnet build media-node/RtcOnAws.MediaNode.Drill/RtcOnAws.MediaNode.Drill.csproj -c Release --nologo -v quiet >&2; then
  [ -x "$drill" ] || exit 1
  echo "WARNING: the Release build failed; running the previous build in $drill" >&2
fi
exec "$drill" sbc "$@"
