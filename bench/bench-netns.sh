# Sourced by bench/relay-bench.sh, bench/srtp-bench.sh and bench/relay-memory.sh: the topology they share, the load
# generator in network namespace <prefix><PID>-ua and the relay in <prefix><PID>-rl, one veth pair between them, no
# route out.
#
# bench_netns_up PREFIX AGENTS_IF RELAY_IF SUBNET [forward] [accept-local]
#   SUBNET is the first three octets of a /24: the relay gets SUBNET.1, the agents SUBNET.2 (callers) and SUBNET.3
#   (callees), both on AGENTS_IF.
#   forward: IPv4 forwarding in the relay's namespace (media-node's kernel path forwards between the veths), no ICMP
#   redirects.
#   accept-local: accept_local on the agents' lo (for the frame sender's direct baseline).
# Sets netns_agents and netns_relay, and netns_options: RelayBench's options naming this topology (--netns-relay and
# the relay, caller and callee addresses). Namespaces of this prefix left by a run that died go first; this run's are
# deleted on every exit, after killing what still runs in them.

bench_netns_down() {
  # Whatever still runs in the namespaces (the generator, a relay it started) was started by this script.
  local ns pids
  for ns in "$netns_agents" "$netns_relay"; do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
  done
  ip netns del "$netns_agents" 2>/dev/null || true
  ip netns del "$netns_relay" 2>/dev/null || true
}

bench_netns_up() {
  local prefix=$1 agents_if=$2 relay_if=$3 subnet=$4 option name pid forward=no accept_local=no
  shift 4
  for option in "$@"; do
    case "$option" in
      forward) forward=yes ;;
      accept-local) accept_local=yes ;;
      *) echo "bench_netns_up: unknown option $option" >&2; return 2 ;;
    esac
  done

  netns_agents="$prefix$$-ua"
  netns_relay="$prefix$$-rl"
  netns_options=(--netns-relay "$netns_relay" --relay-address "$subnet.1" --caller-address "$subnet.2" --callee-address "$subnet.3")
  trap bench_netns_down EXIT
  trap 'exit 130' INT TERM
  for name in $(ip netns list | awk '{print $1}' | grep -E "^$prefix[0-9]+-(ua|rl)\$" || true); do
    pid="${name#"$prefix"}"; pid="${pid%-*}"
    [ -d "/proc/$pid" ] || ip netns del "$name" 2>/dev/null || true
  done

  ip netns add "$netns_agents"
  ip netns add "$netns_relay"
  ip link add "$agents_if" netns "$netns_agents" type veth peer name "$relay_if" netns "$netns_relay"
  ip -n "$netns_agents" addr add "$subnet.2/24" dev "$agents_if"
  ip -n "$netns_agents" addr add "$subnet.3/24" dev "$agents_if"
  ip -n "$netns_relay" addr add "$subnet.1/24" dev "$relay_if"
  ip -n "$netns_agents" link set lo up
  ip -n "$netns_relay" link set lo up
  ip -n "$netns_agents" link set "$agents_if" up
  ip -n "$netns_relay" link set "$relay_if" up
  if [ "$forward" = yes ]; then
    # Callers and callees share the link, so forwarded packets leave the way they came: no ICMP redirects.
    ip netns exec "$netns_relay" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 "net.ipv4.conf.$relay_if.send_redirects=0"
  fi
  if [ "$accept_local" = yes ]; then
    # The generator injects its frames (AF_PACKET); the direct baseline's come in on lo from a source address of this
    # host, which the kernel accepts only with accept_local (locally sent packets skip that check: they carry their route).
    ip netns exec "$netns_agents" sysctl -qw net.ipv4.conf.lo.accept_local=1
  fi
}
