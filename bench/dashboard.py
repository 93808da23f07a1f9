#!/usr/bin/env python3
"""Berth's dashboard vs `docker stats` on N idle containers, in one run on one private engine.

    bench/dashboard.py [--count 100] [--seconds 60] [--rounds 3] [--berth [LABEL=]PATH ...] [--no-docker-stats]

`--berth` names the binary to measure (default: scripts/build-release's); given more than once,
the binaries are measured side by side in the same run, e.g. two release builds:
`--berth order=/tmp/berth-order --berth plain=/tmp/berth-plain --no-docker-stats`.

For each tool, in a real terminal (tmux, 200x60): the time from start to the first frame that
lists the containers (polled every 10 ms with capture-pane), then its CPU (% of one core) and
peak RSS while it stays open and idle for `seconds`, and the engine's CPU meanwhile (dockerd +
containerd + shims). Each tool runs `rounds` times, alternating; medians are printed.
Needs root, docker.io, busybox-static and tmux (scripts/setup --test).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procstat  # noqa: E402
from common import PrivateEngine, berth_binary  # noqa: E402

SOCKET = f"berth-bench-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=30).stdout


def first_frame(command, marker, timeout=30):
    """Starts `command` in tmux; returns (seconds until `marker` is on screen, pane pid)."""
    tmux("kill-server")
    start = time.monotonic()
    tmux("new-session", "-d", "-s", "b", "-x", "200", "-y", "60", "LANG=C.UTF-8 TERM=xterm-256color " + command)
    pid = int(tmux("display", "-p", "-t", "b", "#{pane_pid}").strip() or 0)
    while time.monotonic() - start < timeout:
        if marker in tmux("capture-pane", "-p", "-t", "b"):
            return time.monotonic() - start, pid
        time.sleep(0.01)
    raise SystemExit(f"no first frame with {marker!r} within {timeout} s from: {command}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--berth", action="append", default=[], metavar="[LABEL=]PATH",
                        help="a berth binary to measure; repeat to compare builds in one run")
    parser.add_argument("--no-docker-stats", action="store_true", help="measure only the berth binaries")
    args = parser.parse_args()
    berths = {}
    for spec in args.berth or [""]:
        label, _, path = spec.partition("=") if "=" in spec else ("dashboard", "", spec)
        berths[f"berth ({label})"] = berth_binary(path or None)

    with PrivateEngine() as engine:
        engine.ensure_containers(args.count)
        tools = {name: f"exec {path} -H {engine.host}" for name, path in berths.items()}
        if not args.no_docker_stats:
            tools["docker stats"] = f"exec docker -H {engine.host} stats"
        results = {name: [] for name in tools}
        try:
            for _ in range(args.rounds):
                for name, command in tools.items():
                    seconds, pid = first_frame(command, "bench-0")
                    time.sleep(5)
                    reading = procstat.measure(engine.pids, pid, args.seconds)
                    reading["first_frame"] = seconds
                    results[name].append(reading)
                    tmux("kill-server")
                    time.sleep(2)
        finally:
            tmux("kill-server")
        print(f"{args.count} idle containers; idle window {args.seconds:.0f} s x {args.rounds} rounds (medians)")
        width = max(20, *(len(name) for name in results))
        print(f"{'tool':<{width}} {'first frame ms':>14} {'CPU %':>8} {'peak RSS MiB':>12} {'engine CPU %':>12}")
        median = lambda rounds, key: statistics.median(r[key] for r in rounds)  # noqa: E731
        for name, rounds in results.items():
            print(f"{name:<{width}} {median(rounds, 'first_frame') * 1000:>14.0f} {median(rounds, 'tool_cpu_percent'):>8.2f} "
                  f"{median(rounds, 'tool_peak_rss') / (1 << 20):>12.1f} {median(rounds, 'engine_cpu_percent'):>12.2f}")
        if "docker stats" not in results:
            return
        b, s = next(iter(results.values())), results["docker stats"]
        print(f"ratios berth/docker-stats: first frame {median(b, 'first_frame') / median(s, 'first_frame'):.2f}, "
              f"CPU {median(b, 'tool_cpu_percent') / max(median(s, 'tool_cpu_percent'), 1e-9):.2f}, "
              f"RSS {median(b, 'tool_peak_rss') / max(median(s, 'tool_peak_rss'), 1):.2f}, "
              f"engine {median(b, 'engine_cpu_percent') / max(median(s, 'engine_cpu_percent'), 1e-9):.2f}")


if __name__ == "__main__":
    main()
