#!/usr/bin/env bash
# The dashboard on a Django-like stack: it appears, restart acts on exactly the filtered
# service's replicas, merged logs, help, a tiny terminal and back, quit with status 0.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
P="e2e$E2E_RUN"
tick='trap "exit 0" TERM; i=0; while :; do i=$((i+1)); echo "$HOSTNAME tick $i"; sleep 0.5 & wait; done'
idle='trap "exit 0" TERM; while :; do sleep 1 & wait; done'

run "$P-nginx-1" $(compose "$P" nginx 1) -m 64m --cpus 0.5 -- "$idle"
run "$P-web-1" $(compose "$P" web 1) -m 128m --cpus 0.5 -- "$idle"
run "$P-web-2" $(compose "$P" web 2) -m 128m --cpus 0.5 -- "$idle"
run "$P-daphne-1" $(compose "$P" daphne 1) -- "$idle"
for n in 1 2 3; do run "$P-celery-$n" $(compose "$P" celery "$n") --hostname "celery$n" --cpus 0.25 -- "$tick"; done
run "$P-redis-1" $(compose "$P" redis 1) -- "$idle"
run "$P-postgres-1" $(compose "$P" postgres 1) -m 256m --pids-limit 100 -- "$idle"
run "$P-standalone" -- "$idle"

started_at() { d inspect -f '{{.Name}} {{.State.StartedAt}}' "${CREATED[@]}" | sort; }

start_berth 160 45
check "the stack appears with replicas and limits" wait_for "celery .* 3/3 .*0\.75 cpu" 20
check "web shows its summed memory limit" wait_for "web .* 2/2 .*/ 256M" 5
before=$(started_at)

t send-keys -t "$SESSION" / c e l e r y Enter
check "filter shows only celery" wait_for "Services — filter: celery" 5
t send-keys -t "$SESSION" r
check "restart reports done" wait_for "Restart celery: done" 30
after=$(started_at)
changed=$(diff <(echo "$before") <(echo "$after") | grep '^>' | awk '{print $2}' | sort | tr '\n' ' ')
check "exactly the celery replicas restarted ($changed)" test "$changed" = "/$P-celery-1 /$P-celery-2 /$P-celery-3 "
t send-keys -t "$SESSION" j
check "a restarted replica is read from its new cgroup" wait_for "stats +read from its cgroup" 10
t send-keys -t "$SESSION" k

t send-keys -t "$SESSION" l
check "merged celery logs carry replica prefixes" wait_for "$P-celery-1 \| +celery1 tick" 15
check "a second replica's lines are merged in" wait_for "$P-celery-[23] \| +celery[23] tick" 10
# Keys typed within curses' ESC delay after Escape read as Alt+key, as in any terminal app: pause.
t send-keys -t "$SESSION" Escape; sleep 0.2; t send-keys -t "$SESSION" Escape; sleep 0.2
t send-keys -t "$SESSION" '?'
check "? lists the keys" wait_for "Keys — esc closes" 5
check "help names rolling restart" wait_for "rolling restart" 2
t send-keys -t "$SESSION" Escape

t resize-window -t "$SESSION" -x 50 -y 12
check "a 50x12 terminal shows the too-small note" wait_for "Terminal too small" 5
t resize-window -t "$SESSION" -x 160 -y 45
check "growing back redraws the panes" wait_for "Services" 5
check "still responsive after resizing" wait_for "celery" 5

t send-keys -t "$SESSION" q
check "q exits with status 0" wait_for "BERTH-EXIT=0" 5
finish
