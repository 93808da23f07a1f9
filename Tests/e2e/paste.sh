#!/usr/bin/env bash
# Input that was not meant as a command: a paste is never read as keys, keys typed ahead of a
# confirmation cannot answer it, and a key typed once the question is on screen still does; keys
# typed before a shell started do not reach it.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
P="e2e$E2E_RUN"
idle='trap "exit 0" TERM; while :; do sleep 1 & wait; done'

run "$P-celery-1" $(compose "$P" celery 1) --init -- "$idle"
run "$P-celery-2" $(compose "$P" celery 2) --init -- "$idle"

# How many of the two containers still exist.
remaining() { d ps -aq --filter "label=berth.e2e=$E2E_RUN" | wc -l; }
not_on_screen() { ! screen_text | grep -Eq -- "$1"; }
# Waits until both containers are gone, at most 30 s.
gone() {
  local end=$((SECONDS + 30))
  while [ $SECONDS -lt $end ]; do
    [ "$(remaining)" -eq 0 ] && return 0
    sleep 0.3
  done
  return 1
}
# Waits until the dialog is gone again (answered or cancelled), at most 10 s.
dialog_closed() {
  local end=$((SECONDS + 10))
  while [ $SECONDS -lt $end ]; do
    screen_text | grep -q "any other key: cancel" || return 0
    sleep 0.2
  done
  return 1
}

start_berth 120 36
check "the service is selected" wait_for "celery +2/2" 20

# (a) A bracketed paste holding D then y, onto the selected service.
t set-buffer -b berth-paste 'xDyx'
t paste-buffer -p -d -b berth-paste -t "$SESSION"
check "the paste is dropped with a note" wait_for 'Pasted text ignored: "xDyx"' 10
check "no question was opened by the paste" not_on_screen "Remove 2 containers"
check "after the paste both containers are still there" test "$(remaining)" -eq 2

# (a2) The same paste with its start marker split across two writes, further apart than curses'
# ESC delay (25 ms): still one paste, not keys. (The pause between the writes is what is tested.)
t send-keys -t "$SESSION" -H 1b 5b 32
sleep 0.1
t send-keys -t "$SESSION" -l '00~xKyz'
t send-keys -t "$SESSION" -H 1b 5b 32 30 31 7e
check "a paste whose start marker came split is dropped with a note" wait_for 'Pasted text ignored: "xKyz"' 10
check "no question was opened by the split paste" not_on_screen "Kill 2 containers"

# (b) D and y in one write: the y was typed before the question was on screen. Had it answered,
# the x sent once the question shows would find no question and nothing would say "Cancelled".
t send-keys -t "$SESSION" -l 'Dy'
check "D asks" wait_for "Remove 2 containers of celery\? y/N" 10
check "the dialog says any other key cancels" wait_for "y: yes · any other key: cancel" 5
t send-keys -t "$SESSION" x
check "the typed-ahead y did not answer; x cancels" wait_for "Cancelled" 5
check "after D+y in one write both containers are still there" test "$(remaining)" -eq 2

# (d) e and a command in one write: the command was typed before the shell existed and must not
# reach it. A command typed once the prompt shows runs; shells run input in order, so once its
# output is on screen the earlier one would have shown too.
t send-keys -t "$SESSION" -l $'eecho LEAK$((6*7))\r'
check "e opens a shell" wait_for "/ #" 10
t send-keys -t "$SESSION" 'echo MARK$((6*7))' Enter
check "the shell runs what is typed at its prompt" wait_for "^MARK42" 5
check "what was typed before the shell started did not reach it" not_on_screen "^LEAK42"
t send-keys -t "$SESSION" 'exit' Enter
check "the dashboard is back after exit" wait_for "Shell in $P-celery-1 exited \(0\)" 10

# (e) A paste into the filter prompt is typed into it, without its newline (as keys, the newline
# would apply "cel" and "e" would open a shell).
t send-keys -t "$SESSION" /
check "/ opens the filter prompt" wait_for "enter apply · esc clear" 5
t set-buffer -b berth-filter $'cel\nery'
t paste-buffer -p -d -b berth-filter -t "$SESSION"
check "the pasted text is in the prompt" wait_for "^/celery" 5
t send-keys -t "$SESSION" Enter
check "Enter applies the pasted filter" wait_for "Services — filter: celery" 5

# (c) D, the question on screen, then y: the containers are removed (last: nothing is left after).
t send-keys -t "$SESSION" D
check "D asks again" wait_for "Remove 2 containers of celery\? y/N" 10
# The answer keys show once the question takes answers.
check "the dialog takes answers" wait_for "y: yes · any other key: cancel" 5
t send-keys -t "$SESSION" y
check "the dialog closes on y" dialog_closed
check "y on the question removes both containers" gone

t send-keys -t "$SESSION" q
check "q exits with status 0" wait_for "BERTH-EXIT=0" 5
# Bracketed paste is switched off on exit: a paste into what runs after Berth (echoed by the
# terminal) arrives plain, without markers.
t set-buffer -b berth-after 'after-berth'
t paste-buffer -p -d -b berth-after -t "$SESSION"
check "a paste after exit arrives" wait_for "after-berth" 5
check "…without paste markers" not_on_screen "200~"
finish
