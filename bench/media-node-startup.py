#!/usr/bin/env python3
"""Start-up of one media-node build: from exec until its ng socket answers a ping, and its resident memory then.

Usage: media-node-startup.py EXECUTABLE [--runs N]
Prints one JSON line: {"ready_ms": [...], "rss_kib": [...]}. Each run starts the daemon on loopback (ng on a free
port below the ephemeral range, no HTTP listener), pings every millisecond until "pong", reads VmRSS, stops it.
"""
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time


def free_port():
    for _ in range(200):
        port = random.randint(22000, 31999)
        probes = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM), socket.socket(socket.AF_INET, socket.SOCK_STREAM)]
        try:
            for probe in probes:
                probe.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError("no free port in 22000-31999")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def one_run(executable):
    port = free_port()
    client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    client.settimeout(0.001)
    started = time.monotonic()
    daemon = subprocess.Popen(
        [executable, "--interface", "127.0.0.1", "--listen-ng", f"127.0.0.1:{port}", "--port-min", "40000",
         "--port-max", "40999", "--listen-http", "off", "--log-level", "warning"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = started + 60
        while time.monotonic() < deadline:
            if daemon.poll() is not None:
                raise RuntimeError(f"{executable} exited with {daemon.returncode} before answering")
            client.sendto(b"startup d7:command4:pinge", ("127.0.0.1", port))
            try:
                reply = client.recv(512)
            except (socket.timeout, ConnectionRefusedError):
                continue
            if b"pong" in reply:
                ready = (time.monotonic() - started) * 1000
                return ready, rss_kib(daemon.pid)
        raise RuntimeError(f"{executable} did not answer ng ping within 60 s")
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        client.close()


def main():
    executable = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 10
    results = [one_run(executable) for _ in range(runs)]
    print(json.dumps({"ready_ms": [round(r[0], 1) for r in results], "rss_kib": [r[1] for r in results]}))


if __name__ == "__main__":
    main()
