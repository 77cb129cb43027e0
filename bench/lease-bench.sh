#!/usr/bin/env bash
# Measures how long a lease renewal waits for its reply over BlockingRedisConnection and over StackExchange.Redis,
# idle and with the thread pool starved while call writes burst, and writes bench/results/lease.md. It decides whether
# the lease keeps its own blocking connection (docs/high-availability.md, "Roles without split brain").
# Usage: bench/lease-bench.sh [--renewals 2000] [--seconds 20]   (run under flock /tmp/rtconaws-timing.lock)
set -euo pipefail
cd "$(dirname "$0")/.."

renewals=2000
seconds=20
while (($#)); do
  case "$1" in
    --renewals) renewals="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

dotnet build bench/LeaseBench/LeaseBench.csproj -c Release --nologo -v quiet
redis_version=$(grep -m1 -o 'Version="[^"]*"' <(grep 'Include="StackExchange.Redis"' Directory.Packages.props) | cut -d'"' -f2)
table=$(dotnet bench/LeaseBench/bin/Release/net10.0/LeaseBench.dll --renewals "$renewals" --seconds "$seconds")
mkdir -p bench/results
{
  echo "## Lease renewal latency (\`bench/lease-bench.sh\`)"
  echo
  echo "The renewal script every 5 ms from a dedicated thread, as the role thread sends it, against a local redis-server;"
  echo "StackExchange.Redis $redis_version. Under load the thread pool is starved (blocking work items arrive faster than"
  echo "the pool adds threads) while 2,000 call writes of 1 KiB burst every 100 ms on the data connection. Each way stops"
  echo "after $renewals renewals or $seconds s; fewer renewals means each waited longer. $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1 /proc/loadavg) at the end."
  echo
  echo "$table"
} > bench/results/lease.md
echo "wrote bench/results/lease.md"
