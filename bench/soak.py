#!/usr/bin/env python3
"""Soak: the dashboard on 200 containers with constant churn, bounded in time.

    bench/soak.py [--count 200] [--minutes 10] [--churn-per-second 1]

Starts a private engine, creates `count` idle containers, opens the dashboard in tmux, then for
`minutes` keeps creating, starting and removing containers (one at a time). Prints Berth's RSS
every minute and at the end, and fails (exit 1) if Berth died or its RSS at the end is more than
1.5 times what it was after the first minute.
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procstat  # noqa: E402
from common import PrivateEngine, berth_binary, sh  # noqa: E402

SOCKET = f"berth-soak-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=30).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--churn-per-second", type=float, default=1)
    args = parser.parse_args()
    berth = berth_binary()
    with PrivateEngine() as engine:
        engine.ensure_containers(args.count)
        tmux("new-session", "-d", "-s", "s", "-x", "200", "-y", "60", f"LANG=C.UTF-8 TERM=xterm-256color exec {berth} -H {engine.host}")
        pid = int(tmux("display", "-p", "-t", "s", "#{pane_pid}").strip())
        start = time.monotonic()
        baseline = None
        cycles = 0
        next_report = start + 60
        try:
            while time.monotonic() - start < args.minutes * 60:
                name = f"churn-{cycles}"
                sh(*engine.docker, "run", "-d", "--name", name, "--network", "none", "--label", "com.docker.compose.project=churn",
                   "--label", "com.docker.compose.service=job", "busybox:local", "sleep", "5", timeout=60)
                if cycles >= 3:
                    sh(*engine.docker, "rm", "-f", f"churn-{cycles - 3}", timeout=60, check=False)
                cycles += 1
                time.sleep(max(0.0, 1 / args.churn_per_second - 0.5))
                if time.monotonic() >= next_report:
                    if not os.path.exists(f"/proc/{pid}"):
                        raise SystemExit("Berth exited during the soak")
                    rss = procstat.rss_bytes(pid) / (1 << 20)
                    baseline = baseline or rss
                    print(f"{(time.monotonic() - start) / 60:5.1f} min  {cycles:5d} churn cycles  RSS {rss:6.1f} MiB  "
                          f"peak {procstat.peak_rss_bytes(pid) / (1 << 20):6.1f} MiB", flush=True)
                    next_report += 60
            alive = os.path.exists(f"/proc/{pid}")
            end = procstat.rss_bytes(pid) / (1 << 20) if alive else 0
            print(f"end: {cycles} churn cycles, Berth {'alive' if alive else 'DEAD'}, RSS first minute "
                  f"{baseline or 0:.1f} MiB, end {end:.1f} MiB")
            for n in range(max(0, cycles - 3), cycles):
                sh(*engine.docker, "rm", "-f", f"churn-{n}", timeout=60, check=False)
            if not alive or (baseline and end > 1.5 * baseline):
                sys.exit(1)
        finally:
            tmux("kill-server")


if __name__ == "__main__":
    main()
