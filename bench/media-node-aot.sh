#!/usr/bin/env bash
# Measures media-node as it deployed so far (self-contained, JIT), precompiled (ReadyToRun) and as Native AOT, in one run, and writes
# bench/results/media-node-aot.md: start-up until the ng socket answers, resident memory idle and under load, the cold
# restore of calls from Redis (the drill's --cold-restore, with each build as the node), and CPU per relayed packet
# (RelayBench's load generator through the daemon over ng). Runs interleave the builds so load drifts hit each.
# Usage: bench/media-node-aot.sh [--runs 10] [--restore-calls 4900] [--restore-runs 3] [--streams 1000] [--seconds 10]
# Needs root (the cold restore builds network namespaces); timing runs take /tmp/rtconaws-timing.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
restore_calls=4900
restore_runs=3
streams=1000
seconds=10
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --restore-calls) restore_calls="$2"; shift 2 ;;
    --restore-runs) restore_runs="$2"; shift 2 ;;
    --streams) streams="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/rtconaws-aot-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
out=bench/results/media-node-aot.md
mkdir -p bench/results
ulimit -n "$(ulimit -Hn)"

project=media-node/RtcOnAws.MediaNode/RtcOnAws.MediaNode.csproj
common=(-c Release -r linux-x64 --self-contained true -p:DebugType=none --nologo -v quiet)
dotnet publish "$project" "${common[@]}" --artifacts-path "$work/artifacts-jit" -o "$work/jit"
dotnet publish "$project" "${common[@]}" -p:PublishReadyToRun=true --artifacts-path "$work/artifacts-r2r" -o "$work/r2r"
aot_warnings=$(dotnet publish "$project" "${common[@]}" -p:PublishAot=true --artifacts-path "$work/artifacts-aot" -o "$work/aot" -v normal 2>&1 \
  | grep -oE 'warning (IL|AOT)[0-9]+' | sort | uniq -c | awk '{printf "%s%s x%s", (NR>1?", ":""), $3, $1}' || true)
variants=(jit r2r aot)
exe() { echo "$work/$1/RtcOnAws.MediaNode"; }
size() { du -sk "$1" | cut -f1; }

# The cold restore runs the drill with the node next to it: one copy of the drill's Release build per variant.
dotnet build media-node/RtcOnAws.MediaNode.Drill/RtcOnAws.MediaNode.Drill.csproj -c Release --nologo -v quiet
# The drill starts the node next to it, on the drill's (shared) runtime: the JIT copy is the drill's own build, the
# ReadyToRun copy gets the precompiled application assemblies (the shared framework is precompiled already), the AOT copy
# the native executable in place of the apphost.
shared_framework=$(dirname "$(dirname "$(command -v dotnet)")")/share/dotnet/shared
[ -d "$shared_framework" ] || shared_framework=$(dirname "$(readlink -f "$(command -v dotnet)")")/shared
for variant in "${variants[@]}"; do
  cp -a media-node/RtcOnAws.MediaNode.Drill/bin/Release/net10.0 "$work/drill-$variant"
done
for dll in "$work"/r2r/*.dll; do
  name=$(basename "$dll")
  if [ -e "$work/drill-r2r/$name" ] && ! find "$shared_framework" -name "$name" -print -quit | grep -q .; then
    cp "$dll" "$work/drill-r2r/$name"
  fi
done
cp "$work/aot/RtcOnAws.MediaNode" "$work/drill-aot/RtcOnAws.MediaNode"
dotnet build bench/RelayBench/RelayBench.csproj -c Release --nologo -v quiet
relaybench=bench/RelayBench/bin/Release/net10.0/RelayBench

timed() { flock /tmp/rtconaws-timing.lock nice -n -10 "$@"; }
load() { cut -d' ' -f1 /proc/loadavg; }
loads=()

# 1. Start-up to ng ready and idle RSS, interleaved.
declare -A ready rss
for variant in "${variants[@]}"; do ready[$variant]=""; rss[$variant]=""; done
for _ in $(seq 1 "$runs"); do
  for variant in "${variants[@]}"; do
    loads+=("$(load)")
    json=$(timed python3 bench/media-node-startup.py "$(exe "$variant")" --runs 1)
    ready[$variant]+="$(jq -r '.ready_ms[0]' <<<"$json") "
    rss[$variant]+="$(jq -r '.rss_kib[0]' <<<"$json") "
  done
done

# 2. Cold restore from Redis, interleaved.
declare -A restore process
for variant in "${variants[@]}"; do restore[$variant]=""; process[$variant]=""; done
for _ in $(seq 1 "$restore_runs"); do
  for variant in "${variants[@]}"; do
    loads+=("$(load)")
    json=$(timed "$work/drill-$variant/RtcOnAws.MediaNode.Drill" media --cold-restore "$restore_calls" --json </dev/null 2>/dev/null | tail -n 1)
    restore[$variant]+="$(jq -r '.restore_ms' <<<"$json") "
    process[$variant]+="$(jq -r '.process_start_to_restored_ms' <<<"$json") "
  done
done

# 3. CPU per packet and RSS under load: the same generator and scenarios for both builds (50 packets/s per stream,
#    then flat out), all cores.
declare -A relay
for variant in "${variants[@]}"; do
  loads+=("$(load)")
  relay[$variant]=$(timed "$relaybench" compare --relays media-node --daemon "$(exe "$variant")" --streams "$streams" --rates 50 \
    --threads "$(nproc)" --warmup 3 --seconds "$seconds" --repeat 1 --out "$work/relay-$variant.md" </dev/null \
    | grep -E '^ *relayed' || true)
done

pick() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk -v what="$2" '{v[NR]=$1} END {if (what=="p50") print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2); else print v[1]}'; }
fmt() { printf '%.1f' "$1"; }
relay_field() { sed -n "$2p" <<<"${relay[$1]}" | sed -E "s|.*$3.*|\1|"; }
us_per_packet() { relay_field "$1" "$2" ', ([0-9.]+) µs/packet'; }
relay_rss() { relay_field "$1" "$2" 'RSS ([0-9.]+) MiB'; }
relayed() { relay_field "$1" "$2" 'relayed ([0-9,]+)/s'; }
best() { awk -v j="$1" -v r="$2" -v a="$3" 'BEGIN { b = "JIT"; m = j; if (r < m) { b = "ReadyToRun"; m = r } if (a < m) { b = "AOT" } print b }'; }
row() { # label, then one value per variant
  echo "| $1 | $2 | $3 | $4 | $(best "$2" "$3" "$4") |"
}
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

{
  echo "# media-node: JIT, ReadyToRun and Native AOT"
  echo
  echo "Generated by \`bench/media-node-aot.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r); all builds from the"
  echo "same commit ($(git rev-parse --short HEAD)), Release, linux-x64, self-contained. The builds' runs alternate so a change of load hits each."
  echo "1-minute load average at the runs: $(printf '%s\n' "${loads[@]}" | sort -g | head -n 1) to $(printf '%s\n' "${loads[@]}" | sort -g | tail -n 1)."
  echo "AOT publish analysis warnings: ${aot_warnings:-none}. Publish size: JIT $(( $(size "$work/jit") / 1024 )) MiB, ReadyToRun $(( $(size "$work/r2r") / 1024 )) MiB, AOT $(( $(size "$work/aot") / 1024 )) MiB."
  echo
  echo "| measure (lower is better) | JIT | ReadyToRun | AOT | best |"
  echo "|---|---|---|---|---|"
  for what in p50 min; do
    row "start-up to ng ready, ms ($what of $runs)" $(for v in "${variants[@]}"; do fmt "$(pick "${ready[$v]}" $what)"; echo; done)
  done
  row "RSS when ready, MiB (p50)" $(for v in "${variants[@]}"; do kib_to_mib "$(pick "${rss[$v]}" p50)"; echo; done)
  row "cold restore of $restore_calls calls, the node's rescan, ms (p50 of $restore_runs)" $(for v in "${variants[@]}"; do fmt "$(pick "${restore[$v]}" p50)"; echo; done)
  row "cold restore, process start to every call restored, ms (p50)" $(for v in "${variants[@]}"; do fmt "$(pick "${process[$v]}" p50)"; echo; done)
  for line in 1 2; do
    scenario="$streams streams at 50 packets/s"; [ $line = 2 ] && scenario="$streams streams flat out"
    row "relay CPU per packet, µs ($scenario)" $(for v in "${variants[@]}"; do us_per_packet "$v" $line; done)
    row "relay RSS, MiB ($scenario)" $(for v in "${variants[@]}"; do relay_rss "$v" $line; done)
    echo "| packets relayed per second ($scenario; higher is better) | $(relayed jit $line) | $(relayed r2r $line) | $(relayed aot $line) | |"
  done
  echo
  echo "Start-up: from exec until the ng socket answers a ping (bench/media-node-startup.py), no HTTP listener. Cold restore:"
  echo "\`RtcOnAws.MediaNode.Drill media --cold-restore\` with each build as the node (four sockets per call; JIT and ReadyToRun on the"
  echo "shared runtime, ReadyToRun with the application's own assemblies precompiled). CPU per packet:"
  echo "\`RelayBench compare --relays media-node\` (the generator of bench/relay-bench.sh), relay threads = cores, ${seconds} s measured after 3 s warm-up."
} > "$out"
echo "wrote $out"
