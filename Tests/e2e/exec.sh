#!/usr/bin/env bash
# A shell and attach from the dashboard with no docker binary anywhere on Berth's PATH.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
P="exec$E2E_RUN"
run "$P-tool-1" $(compose "$P" tool 1) -- 'trap "exit 0" TERM; while :; do sleep 1 & wait; done'
run "$P-console-1" $(compose "$P" console 1) -i -t -- 'while :; do read -r line && echo "console got: $line"; done'

t kill-server 2>/dev/null || true
t new-session -d -s "$SESSION" -x 140 -y 40 \
  "env -i HOME=/root LANG=C.UTF-8 TERM=xterm-256color PATH=/nonexistent $BERTH_BIN -H $BERTH_TEST_DOCKER_HOST --label berth.e2e=$E2E_RUN; echo BERTH-EXIT=\$?; sleep 600"
check "the containers appear" wait_for "tool .* 1/1" 20
check "no docker binary is reachable from Berth" bash -c "! env PATH=/nonexistent command -v docker"

t send-keys -t "$SESSION" / t o o l Enter; sleep 0.5
t send-keys -t "$SESSION" e
check "e opens a shell in the container" wait_for "/ #" 10
t send-keys -t "$SESSION" 'echo $((6*7))' Enter
check "the shell answers 42" wait_for "^42" 5
t send-keys -t "$SESSION" 'exit' Enter
check "the dashboard is back after exit" wait_for "Shell in $P-tool-1 exited \(0\)" 10
check "…and draws its panes" wait_for "Services — filter: tool" 3
t send-keys -t "$SESSION" Escape; sleep 0.3
t send-keys -t "$SESSION" / c o n s o l e Enter; sleep 0.5
t send-keys -t "$SESSION" a
check "a attaches and says how to detach" wait_for "Detach with Ctrl-P Ctrl-Q" 10
t send-keys -t "$SESSION" 'hello berth' Enter
check "input reaches the main process" wait_for "console got: hello berth" 5
t send-keys -t "$SESSION" C-p C-q
check "Ctrl-P Ctrl-Q detaches back to the dashboard" wait_for "Detached from $P-console-1" 10
check "the attached container keeps running" bash -c "[ \"\$(timeout 10 docker -H $BERTH_TEST_DOCKER_HOST inspect -f '{{.State.Running}}' $P-console-1)\" = true ]"
t send-keys -t "$SESSION" j k

# A flood of output in the shell (yes) must not starve the keyboard: Ctrl-C and exit get through.
t send-keys -t "$SESSION" Escape; sleep 0.3
t send-keys -t "$SESSION" / t o o l Enter; sleep 0.5
# The earlier shells' prompts are still on the normal screen: wait for this shell's own banner and
# prompt (keys typed before it is ready are discarded, as they must be).
shells() { screen_text | grep -c "built-in shell"; }
new_shell_ready() { # new_shell_ready N: a shell banner beyond the first N, and its prompt last
  local n=$1 end=$((SECONDS + 10))
  while [ $SECONDS -lt $end ]; do
    if [ "$(shells)" -gt "$n" ] && [ "$(screen_text | grep -v '^ *$' | tail -1)" = "/ #" ]; then return 0; fi
    sleep 0.2
  done
  screen_text >&2
  return 1
}
earlier=$(shells)
t send-keys -t "$SESSION" e
check "e opens a shell for the flood" new_shell_ready "$earlier"
t send-keys -t "$SESSION" 'yes' Enter
check "yes floods the terminal" wait_for "^y$" 5
t send-keys -t "$SESSION" C-c
t send-keys -t "$SESSION" 'exit' Enter
check "Ctrl-C and exit get through the flood: the dashboard is back" wait_for "Shell in $P-tool-1 exited \(130\)" 15
t send-keys -t "$SESSION" q
check "q exits 0" wait_for "BERTH-EXIT=0" 5

# SIGTERM during a flood ends Berth (and gives the terminal back) within a bound. A second
# session in the same tmux server (killing the server and starting a new one at once races).
SESSION=berth-sigterm
t new-session -d -s "$SESSION" -x 140 -y 40 \
  "LANG=C.UTF-8 TERM=xterm-256color $BERTH_BIN -H $BERTH_TEST_DOCKER_HOST --label berth.e2e=$E2E_RUN; echo BERTH-EXIT=\$?; sleep 600"
check "the dashboard is up again" wait_for "tool .* 1/1" 20
t send-keys -t "$SESSION" / t o o l Enter; sleep 0.5
t send-keys -t "$SESSION" e
check "e opens a shell for the second flood" wait_for "/ #" 10
t send-keys -t "$SESSION" 'yes' Enter
check "yes floods the terminal again" wait_for "^y$" 5
shell_pid=$(t display-message -p -t "$SESSION" '#{pane_pid}')
berth_pid=$([ -n "$shell_pid" ] && pgrep -P "$shell_pid" | head -1)
check "Berth's process is found" test -n "$berth_pid"
[ -n "$berth_pid" ] && kill -TERM "$berth_pid"
check "SIGTERM during the flood ends Berth" wait_for "BERTH-EXIT=[0-9]+" 10
finish
