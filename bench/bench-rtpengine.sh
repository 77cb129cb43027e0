# Sourced by the benchmarks that compare with rtpengine (bench/relay-bench.sh, bench/srtp-bench.sh,
# bench/dtls-bench.sh): stops the script unless rtpengine is installed and none runs, since a second rtpengine would
# skew the numbers.
bench_require_idle_rtpengine() {
  if ! command -v rtpengine >/dev/null 2>&1; then
    echo "rtpengine (Debian rtpengine-daemon) is not installed; scripts/test.sh installs it." >&2
    exit 1
  fi
  if pgrep -x rtpengine >/dev/null; then
    echo "An rtpengine process is already running (pid $(pgrep -x rtpengine | tr '\n' ' ')); stop it first." >&2
    exit 1
  fi
}
