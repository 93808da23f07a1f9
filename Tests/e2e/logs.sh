#!/usr/bin/env bash
# Logs: three replicas interleave in the logs pane, hostile output cannot retitle or clear the
# terminal, scrolling up pauses following and G resumes, and `berth logs` prints the same stream.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
P="logs$E2E_RUN"
for n in 1 2 3; do
  run "$P-worker-$n" $(compose "$P" worker "$n") --hostname "worker$n" -- \
    'trap "exit 0" TERM; i=0; while :; do i=$((i+1)); echo "worker'"$n"' line $i"; sleep 0.3 & wait; done'
done
run "$P-evil-1" $(compose "$P" evil 1) -- \
  'printf "before\033]0;pwned-title\007\033[2J\033[H\033[31mred\033[0m after\n"; trap "exit 0" TERM; while :; do sleep 1 & wait; done'

start_berth 160 45
t set-option -t "$SESSION" -g set-titles on
title_before=$(t display -p -t "$SESSION" '#{pane_title}')
check "the workers appear" wait_for "worker .* 3/3" 20
t send-keys -t "$SESSION" / w o r k e r Enter
check "the worker service is selected" wait_for "Logs — worker \(3 containers\)" 5
check "three replicas interleave in the logs pane" wait_for "$P-worker-1 \| +worker1 line" 15
check "…with the second" wait_for "$P-worker-2 \| +worker2 line" 5
check "…and the third" wait_for "$P-worker-3 \| +worker3 line" 5

t send-keys -t "$SESSION" l; sleep 0.3
t send-keys -t "$SESSION" k k k
check "scrolling up pauses following" wait_for "paused, [0-9]+ new" 5
check "new lines are counted while paused" wait_for "paused, [1-9][0-9]* new" 5
t send-keys -t "$SESSION" G
sleep 0.5
check "G resumes following" bash -c "! tmux -L $TMUX_SOCKET capture-pane -p -t $SESSION | grep -q 'paused,'"

t send-keys -t "$SESSION" Escape; sleep 0.3
t send-keys -t "$SESSION" Escape; sleep 0.3
t send-keys -t "$SESSION" / e v i l Enter
check "the hostile service is selected" wait_for "filter: evil" 5
check "its output is shown without its escape sequences" wait_for "before.*red after" 10
check "the panes were not cleared" wait_for "Details — evil" 2
title_after=$(t display -p -t "$SESSION" '#{pane_title}')
check "the terminal title was not changed ($title_after)" test "$title_after" = "$title_before"
t send-keys -t "$SESSION" q
check "q exits 0" wait_for "BERTH-EXIT=0" 5

out=$(timeout 30 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" worker --project "$P" --tail 3 2>&1)
check "berth logs prints all replicas prefixed" bash -c "echo \"\$1\" | grep -q '^$P-worker-1 | worker1 line' && echo \"\$1\" | grep -q '^$P-worker-3 | worker3 line'" _ "$out"
check "berth logs --tail 3 prints 3 lines per replica" test "$(echo "$out" | wc -l)" -eq 9
evil=$(timeout 30 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" "$P-evil-1" 2>&1)
check "to a pipe the bytes pass unchanged" bash -c "printf '%s' \"\$1\" | grep -q $'\033]0;pwned-title'" _ "$evil"
finish
