#!/usr/bin/env bash
# Durations typed by users: --interval and --since refuse what is not a duration (and --interval
# anything under 500 ms) with a message that says what is accepted, and the logs pane's since
# prompt answers with the same message: one parser, one grammar.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
P="dur$E2E_RUN"

# refuses MESSAGE ARGS...: berth ARGS exits non-zero, printing MESSAGE.
refuses() {
  local expected=$1; shift
  local out
  out=$(timeout 20 "$BERTH_BIN" "$@" -H "$BERTH_TEST_DOCKER_HOST" 2>&1) && return 1
  echo "$out" | grep -qF -- "$expected" || { echo "$out" >&2; return 1; }
}
check "--interval 0.1s is refused" refuses "'0.1s' is too short: at least 500ms." snapshot --interval 0.1s
check "--interval inf is refused" refuses "'inf' is not a duration: use a number and a unit ms, s, m, h or d" snapshot --interval inf
check "--interval 1e20s is refused" refuses "'1e20s' is not a duration" snapshot --interval 1e20s
check "--interval 0 is refused" refuses "'0' is no time" snapshot --interval 0
check "--since=-5s is refused" refuses "'-5s' is not a duration" logs --since=-5s web
check "--since 106752d is refused" refuses "'106752d' is too long" logs --since 106752d web
check "--interval 0.5s is accepted" timeout 60 "$BERTH_BIN" snapshot --interval 0.5s -H "$BERTH_TEST_DOCKER_HOST" --format table

run "$P-web-1" $(compose "$P" web 1) -- 'trap "exit 0" TERM; while :; do echo tick; sleep 1 & wait; done'
start_berth 160 45
check "the service appears" wait_for "web .* 1/1" 20
t send-keys -t "$SESSION" / w e b Enter
check "the web service is selected" wait_for "Details — web" 5
t send-keys -t "$SESSION" l; sleep 0.3
t send-keys -t "$SESSION" s i n f Enter
check "the since prompt refuses inf with the parser's message" wait_for "'inf' is not a duration" 5
t send-keys -t "$SESSION" s 1 . 5 m Enter
check "the since prompt takes 1.5m" wait_for "Logs since 90s ago" 5
t send-keys -t "$SESSION" Escape; sleep 0.3
t send-keys -t "$SESSION" q
check "q exits 0" wait_for "BERTH-EXIT=0" 5
finish
