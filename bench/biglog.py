#!/usr/bin/env python3
"""A container with a very long log: time to the first line and peak memory of `berth logs`
beside `docker logs`, for the same container in the same run.

    bench/biglog.py [--lines 3000000] [--runs 3] [--host unix:///path/docker.sock] [--berth PATH]

On a private engine (or `--host`, an engine already running with the `busybox:local` image of
scripts/test-engine), one container writes `lines` lines and exits; a compose service of two
replicas writes half as many each, interleaved in time. Each reader runs `runs` times, its stdout
read as fast as possible; the medians are printed of:
- first line: seconds from start to the first complete line on stdout;
- all lines: seconds to the end of the output (and the number of lines, as a check);
- peak RSS: the process's maximum resident set (rusage of the child, so nothing is missed);
- CPU: its user + system seconds.
Then `berth logs -f` with a reader that reads nothing for `--stall` seconds (as
`berth logs -f svc | (sleep 30; cat)`): its peak RSS must stay bounded while the pipe is full.
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PrivateEngine, berth_binary, sh  # noqa: E402


def run_reader(command, stall=0.0, stop_after=None):
    """Runs `command`, reading its stdout; returns (first line s, total s, lines, peak RSS MiB, CPU s)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = None
    lines = 0
    if stop_after:
        threading.Timer(stop_after, process.terminate).start()
    if stall:
        time.sleep(stall)  # the reader is busy elsewhere: the pipe fills and stays full
    fd = process.stdout.fileno()
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        if first is None and b"\n" in chunk:
            first = time.monotonic() - start
        lines += chunk.count(b"\n")
    total = time.monotonic() - start
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return first, total, lines, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def write_logs(docker, names, lines, labels=lambda name: (), prefix=lambda name: "line"):
    """Containers that each write `lines` lines at the same time (so their logs interleave in
    time) and exit; waits for them. Containers left by an earlier run with the same number of lines
    are kept (writing millions of lines takes a while)."""
    for name in names:
        kept = sh(*docker, "inspect", "-f", '{{.State.Status}} {{index .Config.Labels "biglog.lines"}}', name, check=False)
        if kept.strip() in (f"exited {lines}", f"running {lines}"):
            continue
        sh(*docker, "rm", "-f", name, check=False)
        label_args = [arg for label in (*labels(name), f"biglog.lines={lines}") for arg in ("--label", label)]
        script = f"seq 1 {lines} | sed 's/^/{prefix(name)} /'"
        sh(*docker, "run", "-d", "--name", name, "--network", "none", *label_args, "busybox:local", "sh", "-c", script)
    for name in names:
        sh(*docker, "wait", name, timeout=1800)


def median_row(label, results):
    firsts = [r[0] if r[0] is not None else float("nan") for r in results]
    print(f"{label:<44} {statistics.median(firsts):>10.3f} {statistics.median(r[1] for r in results):>10.2f} "
          f"{statistics.median(r[2] for r in results):>10.0f} {statistics.median(r[3] for r in results):>10.1f} "
          f"{statistics.median(r[4] for r in results):>8.2f}")


def measure(engine_host, docker, berth, args):
    print(f"a {args.lines}-line log (and a 2-replica service of {args.lines // 2} lines each) ...")
    started = time.monotonic()
    write_logs(docker, ["biglog-1"], args.lines)
    write_logs(docker, ["bigpair-1", "bigpair-2"], args.lines // 2, prefix=lambda name: name,
               labels=lambda name: ("com.docker.compose.project=biglog", "com.docker.compose.service=pair",
                                    f"com.docker.compose.container-number={name[-1]}"))
    print(f"  ready after {time.monotonic() - started:.0f} s")
    print(f"\nmedians of {args.runs} runs")
    print(f"{'reader':<44} {'first s':>10} {'all s':>10} {'lines':>10} {'peak MiB':>10} {'CPU s':>8}")
    readers = [
        ("docker logs biglog-1", [*docker, "logs", "biglog-1"]),
        ("berth logs biglog-1", [berth, "logs", "-H", engine_host, "biglog-1"]),
        ("berth logs pair (2 replicas merged)", [berth, "logs", "-H", engine_host, "pair"]),
    ]
    for label, command in readers:
        median_row(label, [run_reader(command) for _ in range(args.runs)])
    print(f"\nfollowing (one run each), the reader asleep for {args.stall:.0f} s first, then draining; stopped after {args.stall + 10:.0f} s")
    for label, command in [
        ("docker logs -f --tail all biglog-1", [*docker, "logs", "-f", "biglog-1"]),
        ("berth logs -f --tail all biglog-1", [berth, "logs", "-H", engine_host, "-f", "--tail", "all", "biglog-1"]),
        ("berth logs -f --tail all pair", [berth, "logs", "-H", engine_host, "-f", "--tail", "all", "pair"]),
    ]:
        median_row(label, [run_reader(command, stall=args.stall, stop_after=args.stall + 10) for _ in range(1)])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stall", type=float, default=20)
    parser.add_argument("--host", help="an engine already running (default: start a private one)")
    parser.add_argument("--keep", action="store_true", help="with --host: leave the containers for the next run")
    parser.add_argument("--berth", help="the berth binary (default: scripts/build-release)")
    args = parser.parse_args()
    berth = berth_binary(args.berth)
    if args.host:
        docker = ["docker", "-H", args.host]
        try:
            measure(args.host, docker, berth, args)
        finally:
            for name in () if args.keep else ("biglog-1", "bigpair-1", "bigpair-2"):
                sh(*docker, "rm", "-f", name, check=False)
        return
    with PrivateEngine() as engine:
        engine.created += ["biglog-1", "bigpair-1", "bigpair-2"]
        measure(engine.host, engine.docker, berth, args)


if __name__ == "__main__":
    main()
