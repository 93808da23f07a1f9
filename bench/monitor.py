#!/usr/bin/env python3
"""Berth's monitor vs `docker stats` on N idle containers, in one run on one private engine.

    bench/monitor.py [--counts 10,100,300] [--seconds 30] [--rounds 3] [--interval 2s]

Starts a private dockerd (scripts/test-engine), creates N idle busybox containers for each N,
and measures, for each tool in turn over the same window length: the tool's CPU (% of one
core), its peak RSS, and the engine's CPU (dockerd + containerd + shims) — plus the engine
alone with no tool attached. Each tool runs `rounds` times, alternating; medians are printed.
Berth runs headless: `berth snapshot --watch --interval 2s > /dev/null` (the dashboard's
monitor without a screen). Needs root, docker.io and busybox-static (scripts/setup --test).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procstat  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(*args, timeout=120, check=True):
    return subprocess.run(args, check=check, timeout=timeout, capture_output=True, text=True).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="10,100,300")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--interval", default="2s")
    parser.add_argument("--berth", default=os.path.join(ROOT, ".build/release/berth"))
    args = parser.parse_args()

    if not os.path.exists(args.berth):
        subprocess.run(["swift", "build", "-c", "release", "--package-path", ROOT], check=True)
    engine_dir = tempfile.mkdtemp(prefix="berth-bench-")
    subprocess.run([os.path.join(ROOT, "scripts/test-engine"), "start", engine_dir], check=True, timeout=300)
    host = f"unix://{engine_dir}/docker.sock"
    docker = ["docker", "-H", host]
    created = []
    try:
        print(f"engine: {host}; window {args.seconds:.0f} s x {args.rounds} rounds; Berth interval {args.interval}")
        print(f"{'N':>4}  {'tool':<22} {'tool CPU %':>10} {'peak RSS MiB':>12} {'engine CPU %':>12} {'engine extra':>12}")
        for count in [int(c) for c in args.counts.split(",")]:
            while len(created) < count:
                name = f"bench-{len(created):03d}"
                sh(*docker, "run", "-d", "--name", name, "--network", "none", "--label", "berth.bench=1",
                   "--label", "com.docker.compose.project=bench", "--label", f"com.docker.compose.service=svc{len(created) % 10}",
                   "busybox:local", "sleep", "86400")
                created.append(name)
            time.sleep(5)
            pids = lambda: procstat.engine_pids(engine_dir)  # noqa: E731
            tools = {
                "engine alone": None,
                "berth (headless)": [args.berth, "snapshot", "--watch", "--interval", args.interval, "-H", host],
                "docker stats": docker + ["stats", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}}"],
            }
            results = {name: [] for name in tools}
            for _ in range(args.rounds):
                for name, command in tools.items():
                    process = None
                    if command:
                        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        time.sleep(3)  # past start-up: steady state only
                    results[name].append(procstat.measure(pids, process.pid if process else None, args.seconds))
                    if process:
                        process.terminate()
                        process.wait(timeout=30)
            baseline = statistics.median(r["engine_cpu_percent"] for r in results["engine alone"])
            for name, rounds in results.items():
                tool_cpu = statistics.median(r["tool_cpu_percent"] for r in rounds)
                rss = statistics.median(r["tool_peak_rss"] for r in rounds) / (1 << 20)
                engine = statistics.median(r["engine_cpu_percent"] for r in rounds)
                print(f"{count:>4}  {name:<22} {tool_cpu:>10.2f} {rss:>12.1f} {engine:>12.2f} {engine - baseline:>12.2f}", flush=True)
            berth = results["berth (headless)"]
            stats = results["docker stats"]
            b_extra = statistics.median(r["engine_cpu_percent"] for r in berth) - baseline
            s_extra = statistics.median(r["engine_cpu_percent"] for r in stats) - baseline
            b_cpu = statistics.median(r["tool_cpu_percent"] for r in berth)
            s_cpu = statistics.median(r["tool_cpu_percent"] for r in stats)
            print(f"{count:>4}  ratios berth/docker-stats: tool CPU {b_cpu / max(s_cpu, 1e-9):.2f}, "
                  f"engine extra {b_extra / max(s_extra, 1e-9):.2f}", flush=True)
    finally:
        for name in created:  # one at a time: mass removal has deadlocked dockerd 20.10
            sh(*docker, "rm", "-f", name, timeout=60, check=False)
        subprocess.run([os.path.join(ROOT, "scripts/test-engine"), "stop", engine_dir], timeout=300)


if __name__ == "__main__":
    main()
