#!/usr/bin/env python3
"""Many containers and few file descriptors: `berth snapshot` against an engine with N containers
whose every reply takes a while, under `ulimit -n`.

    bench/burst.py [--containers 1200] [--delay-ms 50] [--nofile 1024] [--berth PATH]

A fake engine (this script, on a private unix socket) lists N running containers, cloned from the
recorded fixtures (Sources/BerthTestSupport/Fixtures, replies of a real engine) with their IDs
changed, and answers each inspect and stats request after `delay-ms`, as a busy engine does. Berth
starts with an inspect of every container and samples each one's stats through the engine (their
cgroups are not on this machine), so without a bound it would open one socket per container at
once. Printed: berth's exit status and time, the containers in its snapshot, and the most requests
the fake held at once.
"""
import argparse
import json
import os
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, berth_binary  # noqa: E402

FIXTURES = os.path.join(ROOT, "Sources/BerthTestSupport/Fixtures")


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


class Engine:
    """What the fake serves, and how many requests it holds at once."""

    def __init__(self, count, delay):
        self.delay = delay
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0
        template = json.loads(fixture("containers-list.json"))[0]
        self.ids = [f"{n:064x}" for n in range(1, count + 1)]
        listed = []
        for n, cid in enumerate(self.ids):
            entry = dict(template, Id=cid, Names=[f"/burst-{n}"], State="running", Status="Up 1 minute",
                         Labels={"com.docker.compose.project": "burst", "com.docker.compose.service": f"svc{n % 10}",
                                 "com.docker.compose.container-number": str(n // 10 + 1)})
            listed.append(entry)
        self.listing = json.dumps(listed).encode()
        self.inspect = fixture("container-inspect-plain.json")
        self.inspect_id = json.loads(self.inspect)["Id"].encode()
        self.stats = fixture("stats-oneshot-1.json")

    def reply(self, path):
        if path.endswith("/version"):
            return fixture("version.json")
        if path.endswith("/info"):
            return fixture("info.json")
        if "/containers/json" in path:
            return self.listing
        time.sleep(self.delay)
        cid = path.split("/containers/")[1].split("/")[0] if "/containers/" in path else ""
        if path.split("?")[0].endswith("/stats"):
            return self.stats
        if path.split("?")[0].endswith("/json"):
            return self.inspect.replace(self.inspect_id, cid.encode())
        return None


def serve(engine, socket_path):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            if "/events" in self.path:  # held open, as a real event stream
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.flush()
                while True:
                    time.sleep(1)
            with engine.lock:
                engine.in_flight += 1
                engine.peak = max(engine.peak, engine.in_flight)
            body = engine.reply(self.path)
            with engine.lock:
                engine.in_flight -= 1
            status = 200 if body is not None else 404
            body = body if body is not None else b'{"message":"not here"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
        daemon_threads = True
        request_queue_size = 4096

    server = Server(socket_path, Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--containers", type=int, default=1200)
    parser.add_argument("--delay-ms", type=float, default=50)
    parser.add_argument("--nofile", type=int, default=1024)
    parser.add_argument("--berth", help="the berth binary (default: scripts/build-release)")
    args = parser.parse_args()
    berth = berth_binary(args.berth)
    directory = tempfile.mkdtemp(prefix="berth-burst-")
    socket_path = os.path.join(directory, "docker.sock")
    engine = Engine(args.containers, args.delay_ms / 1000)
    server = serve(engine, socket_path)
    try:
        started = time.monotonic()
        result = subprocess.run(
            ["sh", "-c", f'ulimit -n {args.nofile} && exec "$0" snapshot -H "unix://$1" --format json --stats-source engine',
             berth, socket_path],
            capture_output=True, timeout=600)
        elapsed = time.monotonic() - started
        containers = 0
        if result.returncode == 0:
            document = json.loads(result.stdout)
            containers = sum(len(s["containers"]) for p in document["projects"] for s in p["services"])
            containers += len(document["standalone"])
        print(f"{args.containers} containers, replies after {args.delay_ms:.0f} ms, ulimit -n {args.nofile}")
        print(f"berth snapshot: exit {result.returncode} in {elapsed:.2f} s, {containers} containers in the snapshot, "
              f"at most {engine.peak} requests held by the engine at once")
        if result.returncode != 0:
            print("  " + result.stderr.decode(errors="replace").strip()[:300])
    finally:
        server.shutdown()
        os.unlink(socket_path)
        os.rmdir(directory)


if __name__ == "__main__":
    main()
