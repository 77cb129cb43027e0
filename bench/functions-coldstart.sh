#!/usr/bin/env bash
# Benchmarks the failover Lambda functions: cold start of the published (Native AOT) bootstrap to the first event
# handled, and event-to-address-moved against the local AWS simulator (remap delay 0 and a realistic 2 s).
# Writes bench/results/functions.md. Usage: bench/functions-coldstart.sh [--json] [cold_runs] [move_runs]
# With --json the output ends with one JSON line: floating_ip_cold_start_ms_p50, lifecycle_dns_cold_start_ms_p50, ...
set -euo pipefail
cd "$(dirname "$0")/.."
json=()
if [ "${1:-}" = "--json" ]; then
  json=(--json)
  shift
fi
cold_runs="${1:-10}"
move_runs="${2:-20}"
dotnet run -c Release --project bench/FunctionsBench/FunctionsBench.csproj -- "${json[@]}" "$PWD/bench/results/functions.md" "$cold_runs" "$move_runs"
