#!/usr/bin/env bash
# The engine goes away under the running dashboard and comes back: Berth shows the disconnect,
# keeps answering keys, recovers by itself, and q still exits 0. Uses an engine of its own.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then echo "e2e engine-restart: needs root to start its own engine"; echo "e2e $(basename "$0"): 0 passed, 0 failed"; exit 0; fi
dir=$(mktemp -d /tmp/berth-e2e-restart-XXXXXX)
stop_engine() { timeout 120 "$root/scripts/test-engine" stop "$dir" >/dev/null 2>&1 || true; }
trap 'cleanup; stop_engine' EXIT
env -u BERTH_TEST_TLS_PORT timeout 180 "$root/scripts/test-engine" start "$dir" >/dev/null
host="unix://$dir/docker.sock"
timeout 60 docker -H "$host" run -d --name "restart-web-1" --network none --restart always \
  --label com.docker.compose.project=restart --label com.docker.compose.service=web \
  busybox:local sh -c 'trap "exit 0" TERM; while :; do echo alive; sleep 1 & wait; done' >/dev/null

t kill-server 2>/dev/null || true
t new-session -d -s "$SESSION" -x 140 -y 40 "LANG=C.UTF-8 TERM=xterm-256color $BERTH_BIN -H $host; echo BERTH-EXIT=\$?; sleep 600"
check "the container appears" wait_for "web .* 1/1" 20
kill "$(cat "$dir/docker.pid")"
check "the engine going away shows as disconnected" wait_for "disconnected — retrying" 30
t send-keys -t "$SESSION" '?'
check "keys still work while disconnected" wait_for "Keys — esc closes" 5
t send-keys -t "$SESSION" Escape
# Waiting for the engine must not cost CPU (curl's timer, once left armed, spun a whole core).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pid=$(pgrep -f "^$BERTH_BIN -H $host" | head -1)
before=$(cpu_ticks "$pid"); sleep 3; after=$(cpu_ticks "$pid")
check "disconnected, it stays idle (CPU ticks in 3 s: $((after - before)), at most 30)" test -n "$pid" -a $((after - before)) -le 30
for _ in $(seq 1 60); do [ -e "$dir/docker.pid" ] && kill -0 "$(cat "$dir/docker.pid")" 2>/dev/null || break; sleep 0.5; done
env -u BERTH_TEST_TLS_PORT timeout 180 "$root/scripts/test-engine" start "$dir" >/dev/null
check "it reconnects by itself" wait_for "berth ● " 60
check "and lists the container again, running (restart policy)" wait_for "web .* 1/1" 30
t send-keys -t "$SESSION" q
check "q exits 0" wait_for "BERTH-EXIT=0" 5
finish
