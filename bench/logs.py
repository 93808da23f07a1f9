#!/usr/bin/env python3
"""A container writing logs as fast as it can, followed by Berth and by `docker logs -f`.

    bench/logs.py [--seconds 60]

On a private engine, one compose-labelled container runs `yes` with a 60-byte line. For
`seconds` each, measured in turn: the dashboard with its logs pane following the container (CPU %,
peak RSS, and how long a key takes to be answered under the flood); `berth logs -f` to a counter;
`docker logs -f` to a counter (CPU %, peak RSS, lines/s received).
"""
import argparse
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procstat  # noqa: E402
from common import PrivateEngine, berth_binary, sh  # noqa: E402

SOCKET = f"berth-logs-bench-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=30).stdout


def count_lines(command, seconds):
    """Runs `command`, counting its stdout lines for `seconds`; returns (lines/s, CPU %, peak RSS MiB)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=1 << 20)
    lines = 0
    stop = time.monotonic() + seconds + 2
    reading = {"lines": 0}

    def reader():
        for chunk in iter(lambda: process.stdout.read(1 << 16), b""):
            reading["lines"] += chunk.count(b"\n")

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    time.sleep(2)
    start_lines = reading["lines"]
    result = procstat.measure(lambda: [], process.pid, seconds)
    lines = reading["lines"] - start_lines
    process.terminate()
    process.wait(timeout=30)
    del stop
    return lines / seconds, result["tool_cpu_percent"], result["tool_peak_rss"] / (1 << 20)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    berth = berth_binary()
    with PrivateEngine() as engine:
        line = "flood " + "x" * 53
        sh(*engine.docker, "run", "-d", "--name", "flood-1", "--network", "none", "--label", "com.docker.compose.project=bench",
           "--label", "com.docker.compose.service=flood", "busybox:local", "yes", line)
        engine.created.append("flood-1")
        print(f"a container printing {len(line) + 1}-byte lines as fast as it can; {args.seconds:.0f} s each")
        print(f"{'reader':<34} {'lines/s':>10} {'CPU %':>8} {'peak RSS MiB':>12}")
        # The dashboard, its logs pane following the flood.
        tmux("new-session", "-d", "-s", "b", "-x", "160", "-y", "45", f"LANG=C.UTF-8 TERM=xterm-256color exec {berth} -H {engine.host}")
        pid = int(tmux("display", "-p", "-t", "b", "#{pane_pid}").strip())
        time.sleep(3)
        tmux("send-keys", "-t", "b", "l")
        time.sleep(2)
        result = procstat.measure(lambda: [], pid, args.seconds)
        latencies = []
        for _ in range(5):
            start = time.monotonic()
            tmux("send-keys", "-t", "b", "?")
            while "Keys — esc closes" not in tmux("capture-pane", "-p", "-t", "b") and time.monotonic() - start < 10:
                time.sleep(0.005)
            latencies.append(time.monotonic() - start)
            tmux("send-keys", "-t", "b", "Escape")
            time.sleep(0.5)
        alive = os.path.exists(f"/proc/{pid}")
        tmux("kill-server")
        print(f"{'berth dashboard (logs pane)':<34} {'-':>10} {result['tool_cpu_percent']:>8.1f} "
              f"{result['tool_peak_rss'] / (1 << 20):>12.1f}   key answered in {sorted(latencies)[2] * 1000:.0f} ms (median of 5)"
              f"{'' if alive else '  (DIED)'}")
        rate, cpu, rss = count_lines([berth, "logs", "-H", engine.host, "-f", "--tail", "0", "flood"], args.seconds)
        print(f"{'berth logs -f > counter':<34} {rate:>10.0f} {cpu:>8.1f} {rss:>12.1f}")
        rate, cpu, rss = count_lines([*engine.docker, "logs", "-f", "--tail", "0", "flood-1"], args.seconds)
        print(f"{'docker logs -f > counter':<34} {rate:>10.0f} {cpu:>8.1f} {rss:>12.1f}")


if __name__ == "__main__":
    main()
