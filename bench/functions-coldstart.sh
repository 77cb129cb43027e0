#!/usr/bin/env bash
# Benchmarks the failover Lambda functions: cold start of the published bootstrap to the first event handled, and
# event-to-address-moved against the local AWS simulator (remap delay 0 and a realistic 2 s). Writes bench/results/functions.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cold_runs="${1:-10}"
move_runs="${2:-20}"
dotnet run -c Release --project bench/FunctionsBench/FunctionsBench.csproj -- "$PWD/bench/results/functions.md" "$cold_runs" "$move_runs"
