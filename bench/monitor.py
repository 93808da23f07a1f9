#!/usr/bin/env python3
"""Berth's monitor vs `docker stats` on N idle containers, in one run on one private engine.

    bench/monitor.py [--counts 10,100,300] [--seconds 30] [--rounds 3] [--interval 2s]

Starts a private dockerd (scripts/test-engine), creates N idle busybox containers for each N,
and measures, for each tool in turn over the same window length: the tool's CPU (% of one
core), its peak RSS, and the engine's CPU (dockerd + containerd + shims) — plus the engine
alone with no tool attached. Each tool runs `rounds` times, alternating; medians are printed.
Berth runs headless: `berth snapshot --watch --interval 2s > /dev/null` (the dashboard's
monitor without a screen), twice: with its default stats source (each container's cgroup files,
read on this machine) and with `--stats-source engine` (every container's stats from the
engine's stats endpoint). Needs root, docker.io and busybox-static (scripts/setup --test).
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="10,100,300")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--interval", default="2s")
    parser.add_argument("--berth", default=None)
    args = parser.parse_args()
    berth = berth_binary(args.berth)

    with PrivateEngine() as engine:
        print(f"engine: {engine.host}; window {args.seconds:.0f} s x {args.rounds} rounds; Berth interval {args.interval}")
        print(f"{'N':>4}  {'tool':<22} {'tool CPU %':>10} {'peak RSS MiB':>12} {'engine CPU %':>12} {'engine extra':>12}")
        for count in [int(c) for c in args.counts.split(",")]:
            engine.ensure_containers(count)
            tools = {
                "engine alone": None,
                "berth (headless)": [berth, "snapshot", "--watch", "--interval", args.interval, "-H", engine.host],
                "berth (engine stats)": [berth, "snapshot", "--watch", "--interval", args.interval, "-H", engine.host,
                                         "--stats-source", "engine"],
                "docker stats": engine.docker + ["stats", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}}"],
            }
            results = {name: [] for name in tools}
            for _ in range(args.rounds):
                for name, command in tools.items():
                    process = None
                    if command:
                        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        time.sleep(3)  # past start-up: steady state only
                    results[name].append(procstat.measure(engine.pids, process.pid if process else None, args.seconds))
                    if process:
                        if process.poll() is not None:
                            raise SystemExit(f"{name} exited early with status {process.returncode}")
                        process.terminate()
                        process.wait(timeout=30)
            report(count, results)


def report(count, results):
    median = lambda rounds, key: statistics.median(r[key] for r in rounds)  # noqa: E731
    baseline = median(results["engine alone"], "engine_cpu_percent")
    for name, rounds in results.items():
        engine_cpu = median(rounds, "engine_cpu_percent")
        print(f"{count:>4}  {name:<22} {median(rounds, 'tool_cpu_percent'):>10.2f} "
              f"{median(rounds, 'tool_peak_rss') / (1 << 20):>12.1f} {engine_cpu:>12.2f} {engine_cpu - baseline:>12.2f}",
              flush=True)
    stats = results["docker stats"]
    s_extra = median(stats, "engine_cpu_percent") - baseline
    for name in ("berth (headless)", "berth (engine stats)"):
        berth = results[name]
        b_extra = median(berth, "engine_cpu_percent") - baseline
        print(f"{count:>4}  ratios {name}/docker-stats: tool CPU "
              f"{median(berth, 'tool_cpu_percent') / max(median(stats, 'tool_cpu_percent'), 1e-9):.2f}, "
              f"peak RSS {median(berth, 'tool_peak_rss') / max(median(stats, 'tool_peak_rss'), 1):.2f}, "
              f"engine extra {b_extra / max(s_extra, 1e-9):.2f}", flush=True)


if __name__ == "__main__":
    main()
