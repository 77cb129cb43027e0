#!/usr/bin/env bash
# Runs the whole test suite several times in a row while busy loops keep every core saturated, and prints the tests
# that failed in each run. A test that passes on an idle machine and fails here depends on timing: that is a defect.
#
#   scripts/stress-tests.sh [runs] [extra dotnet test arguments...]     (default: 3 runs)
#
# Run it alone on the machine (other timing-sensitive jobs take the same lock):
#   flock /tmp/rtconaws-timing.lock scripts/stress-tests.sh
# Exit code: 0 when every run was green, 1 otherwise. Logs: $STRESS_LOG_DIR (default: a new folder under /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  runs=$1
  shift
fi

# The burners may live at most this long even if this script is killed with SIGKILL and cannot stop them.
burn_limit_seconds=${STRESS_BURN_LIMIT_SECONDS:-10800}
log_dir=${STRESS_LOG_DIR:-$(mktemp -d /tmp/rtconaws-stress.XXXXXX)}
mkdir -p "$log_dir"

burners=()
stop_burners() {
  for pid in "${burners[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${burners[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  burners=()
}
trap stop_burners EXIT INT TERM

# Build before the load starts, so every run measures the tests, not the compiler.
dotnet build RtcOnAws.sln --nologo -v:q >"$log_dir/build.log" 2>&1 || { cat "$log_dir/build.log"; exit 1; }

cores=$(nproc)
for _ in $(seq "$cores"); do
  timeout "$burn_limit_seconds" bash -c 'while :; do :; done' &
  burners+=("$!")
done
echo "Keeping $cores cores busy (pids ${burners[*]}); logs in $log_dir"

red=0
for run in $(seq "$runs"); do
  log="$log_dir/run-$run.log"
  started=$(date +%s)
  if ./scripts/test.sh --no-build "$@" >"$log" 2>&1; then
    status=green
  else
    status=red
    red=1
  fi
  echo "== run $run/$runs: $status in $(( $(date +%s) - started )) s ($log)"
  # dotnet test prints every failure as "  Failed <test> [<time>]", then "  Error Message:", the message, "  Stack Trace:".
  awk '
    /^[[:space:]]+Failed [^ ]/ && !/^[[:space:]]+Failed!/ { print; printing = 1; next }
    printing && /^[[:space:]]+Stack Trace:/ { printing = 0; next }
    printing && !/^[[:space:]]+Error Message:/ { print }
  ' "$log"
  grep -E '^(Passed|Failed)!' "$log" || true
done

stop_burners
exit "$red"
