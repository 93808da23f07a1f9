"""Shared set-up for Berth's benchmarks: a private engine with N idle compose-labelled containers."""
import os
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(*args, timeout=120, check=True):
    """Runs a command and returns its stdout."""
    return subprocess.run(args, check=check, timeout=timeout, capture_output=True, text=True).stdout


def berth_binary(path=None):
    """The release binary, built if missing."""
    if path:
        return path
    out = subprocess.run([os.path.join(ROOT, "scripts/build-release")], check=True, capture_output=True, text=True)
    return out.stdout.strip()


class PrivateEngine:
    """A private dockerd (scripts/test-engine) holding idle busybox containers."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="berth-bench-")
        self.host = f"unix://{self.dir}/docker.sock"
        self.docker = ["docker", "-H", self.host]
        self.created = []

    def __enter__(self):
        subprocess.run([os.path.join(ROOT, "scripts/test-engine"), "start", self.dir], check=True, timeout=300)
        return self

    def __exit__(self, *exc):
        for name in self.created:  # one at a time: mass removal has deadlocked dockerd 20.10
            sh(*self.docker, "rm", "-f", name, timeout=60, check=False)
        subprocess.run([os.path.join(ROOT, "scripts/test-engine"), "stop", self.dir], timeout=300)

    def ensure_containers(self, count):
        """Grows the set of idle containers to `count` (10 compose services in one project)."""
        while len(self.created) < count:
            n = len(self.created)
            name = f"bench-{n:03d}"
            sh(*self.docker, "run", "-d", "--name", name, "--network", "none", "--label", "berth.bench=1",
               "--label", "com.docker.compose.project=bench", "--label", f"com.docker.compose.service=svc{n % 10}",
               "--label", f"com.docker.compose.container-number={n // 10 + 1}", "-m", "64m", "--cpus", "0.5",
               "busybox:local", "sleep", "86400")
            self.created.append(name)
        time.sleep(5)

    def pids(self):
        """dockerd, containerd and the shims of this engine."""
        import procstat
        return procstat.engine_pids(self.dir)
