#!/usr/bin/env bash
# The logs pane's S: a new private file (mode 600) in the working directory, a second save in the
# same second kept beside the first, and $HOME when the working directory cannot take the file.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
P="save$E2E_RUN"
dir=$(mktemp -d)
trap 'cleanup; rm -rf "$dir"' EXIT
mkdir -p "$dir/work" "$dir/home"
run "$P-talk-1" $(compose "$P" talk 1) -- 'i=0; while [ $i -lt 5 ]; do i=$((i+1)); echo "talk line $i"; done; trap "exit 0" TERM; while :; do sleep 1 & wait; done'

t kill-server 2>/dev/null || true
t new-session -d -s "$SESSION" -x 160 -y 45 -c "$dir/work" \
  "HOME=$dir/home LANG=C.UTF-8 TERM=xterm-256color $BERTH_BIN -H $BERTH_TEST_DOCKER_HOST --label berth.e2e=$E2E_RUN; echo BERTH-EXIT=\$?; sleep 600"
check "the service appears" wait_for "talk .* 1/1" 20
t send-keys -t "$SESSION" / t a l k Enter
check "its logs are shown" wait_for "talk line 5" 10
t send-keys -t "$SESSION" l; sleep 0.3
t send-keys -t "$SESSION" S S
check "S says where it saved" wait_for "Saved 5 lines to $dir/work/berth-" 5
sleep 0.5
files=("$dir"/work/berth-*.log)
check "two saves in a row make two files (${files[*]##*/})" test "${#files[@]}" -eq 2
check "…both with the five lines" bash -c 'for f in "$@"; do [ "$(grep -c "talk line" "$f")" -eq 5 ] || exit 1; done' _ "${files[@]}"
check "…readable by their owner only" bash -c 'for f in "$@"; do [ "$(stat -c %a "$f")" = 600 ] || exit 1; done' _ "${files[@]}"

rm -rf "$dir/work"  # the working directory is gone: the next save goes to $HOME
t send-keys -t "$SESSION" S
check "without a usable working directory it saves in HOME" wait_for "Saved 5 lines to $dir/home/berth-" 5
check "…and nothing lands in /tmp or / (a removed directory reads as \"\")" bash -c "! ls /tmp/berth-$P-talk* /berth-$P-talk* >/dev/null 2>&1"
t send-keys -t "$SESSION" q
check "q exits 0" wait_for "BERTH-EXIT=0" 10
finish
