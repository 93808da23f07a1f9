"""Process CPU and memory readings from /proc, shared by Berth's benchmark scripts."""
import os
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0


def peak_rss_bytes(pid):
    """Peak resident set size (VmHWM) of one process."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


def rss_bytes(pid):
    """Current resident set size (VmRSS) of one process."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


def pids_matching(text):
    """PIDs whose command line contains `text` (the engine: dockerd, containerd, shims)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if text.encode() in f.read():
                    found.append(int(entry))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return found


def engine_pids(engine_dir):
    """dockerd, its containerd and every container shim of the private engine in `engine_dir`."""
    pids = set(pids_matching(engine_dir))
    # Shims are started with the containerd socket under the engine's exec-root, so they match too;
    # their children (the containers' processes) are not the engine's cost and are excluded.
    return sorted(pids)


def measure(pids_fn, tool_pid, seconds):
    """CPU % of one core for the tool and the engine over `seconds`, and the tool's peak RSS."""
    engine_before = {pid: cpu_seconds(pid) for pid in pids_fn()}
    tool_before = cpu_seconds(tool_pid) if tool_pid else 0.0
    start = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - start
    engine_after = {pid: cpu_seconds(pid) for pid in pids_fn()}
    engine_cpu = sum(max(0.0, engine_after.get(pid, 0.0) - before) for pid, before in engine_before.items())
    tool_cpu = (cpu_seconds(tool_pid) - tool_before) if tool_pid else 0.0
    return {
        "tool_cpu_percent": 100.0 * tool_cpu / elapsed,
        "engine_cpu_percent": 100.0 * engine_cpu / elapsed,
        "tool_peak_rss": peak_rss_bytes(tool_pid) if tool_pid else 0,
    }
