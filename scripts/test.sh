#!/usr/bin/env bash
# Installs the real peers the tests drive (when missing) and runs every test in the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

# command (or file) -> Debian package that provides it
declare -A needed=(
  [redis-server]=redis-server
  [kamailio]=kamailio
  [rtpengine-ng-client]=rtpengine-utils
  [/usr/bin/aws]=awscli
  [ip]=iproute2
  [arping]=iputils-arping
  [systemd-analyze]=systemd
  [clang-14]=clang-14
  [sipp]=sip-tester
  [nft]=nftables
  [chromium]=chromium
  [rtpengine]=rtpengine-daemon
  [openssl]=openssl
  [/usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so]=kamailio-websocket-modules
  [/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so]=kamailio-tls-modules
  [/usr/lib/x86_64-linux-gnu/kamailio/modules/http_client.so]=kamailio-utils-modules
  [/usr/lib/x86_64-linux-gnu/kamailio/modules/auth_ephemeral.so]=kamailio-autheph-modules
)
missing=()
for cmd in "${!needed[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -e "$cmd" ] || missing+=("${needed[$cmd]}")
done
if ((${#missing[@]})); then
  echo "Installing test dependencies: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
  # Debian starts the packaged rtpengine on install; the tests start their own on free ports.
  $sudo_cmd pkill -x rtpengine || true
fi

# The construct tests run cdk-nag (npm, pinned in package-lock.json) over the synthesized templates; the browser test
# serves SIP.js from node_modules.
[ -d node_modules/cdk-nag ] && [ -d node_modules/aws-cdk-lib ] && [ -d node_modules/sip.js ] || npm ci --no-audit --no-fund

# One test project at a time (-m:1): several projects start real daemons on loopback port ranges and
# measure failover timing, which must not compete with another project's load on a small CI machine.
dotnet test RtcOnAws.sln --nologo -m:1 "$@"
