#!/usr/bin/env bash
# TLS that does not verify the engine (DOCKER_TLS=1 without DOCKER_TLS_VERIFY): the dashboard,
# `berth snapshot` and `berth logs` print a warning on stderr before anything else, and the
# dashboard's header says "TLS not verified" for as long as it is open. Verified TLS warns of nothing.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
if [ -z "${BERTH_TEST_DOCKER_TLS_HOST:-}" ] || [ -z "${BERTH_TEST_DOCKER_CERT_PATH:-}" ]; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL the engine serves no TLS (BERTH_TEST_DOCKER_TLS_HOST)"; FAILED=1
  else
    echo "skip: the engine serves no TLS (run through scripts/test, which sets BERTH_TEST_DOCKER_TLS_HOST)"
  fi
  finish; exit
fi
P="tls$E2E_RUN"
run "$P-app-1" $(compose "$P" app 1) -- 'echo tls-line; trap "exit 0" TERM; while :; do sleep 1 & wait; done'
TLS="$BERTH_TEST_DOCKER_TLS_HOST"
HOSTPORT=${TLS#tcp://}
WARNING="berth: warning: TLS to $HOSTPORT does not verify the engine's certificate"
out=$(mktemp -d)
trap 'cleanup; rm -rf "$out"' EXIT
unverified() { env -u DOCKER_TLS_VERIFY DOCKER_TLS=1 DOCKER_CERT_PATH="$BERTH_TEST_DOCKER_CERT_PATH" "$@"; }

unverified timeout 60 "$BERTH_BIN" snapshot -H "$TLS" --label "berth.e2e=$E2E_RUN" --format json >"$out/snap" 2>"$out/snap.err"
check "snapshot over unverified TLS works ($(head -c 200 "$out/snap.err"))" grep -q "$P-app-1" "$out/snap"
check "snapshot warns on stderr" grep -qF "$WARNING" "$out/snap.err"
check "…in one line, and nothing else goes to stderr" test "$(wc -l <"$out/snap.err")" -eq 1

unverified timeout 60 "$BERTH_BIN" logs -H "$TLS" "$P-app-1" >"$out/logs" 2>"$out/logs.err"
check "logs over unverified TLS works" grep -q "tls-line" "$out/logs"
check "logs warns on stderr" grep -qF "$WARNING" "$out/logs.err"

env DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$BERTH_TEST_DOCKER_CERT_PATH" \
  timeout 60 "$BERTH_BIN" snapshot -H "$TLS" --label "berth.e2e=$E2E_RUN" --format json >"$out/verified" 2>"$out/verified.err"
check "verified TLS works" grep -q "$P-app-1" "$out/verified"
check "…and warns of nothing" test ! -s "$out/verified.err"

t kill-server 2>/dev/null || true
t new-session -d -s "$SESSION" -x 140 -y 40 \
  "env -u DOCKER_TLS_VERIFY DOCKER_TLS=1 DOCKER_CERT_PATH=$BERTH_TEST_DOCKER_CERT_PATH LANG=C.UTF-8 TERM=xterm-256color $BERTH_BIN -H $TLS --label berth.e2e=$E2E_RUN; echo BERTH-EXIT=\$?; sleep 600"
check "the dashboard connects over unverified TLS" wait_for "$P-app-1" 20
check "its header says TLS not verified" bash -c "tmux -L $TMUX_SOCKET capture-pane -p -t $SESSION | head -1 | grep -q 'TLS not verified'"
t send-keys -t "$SESSION" q
check "q exits 0" wait_for "BERTH-EXIT=0" 10
# The warning went to the terminal before curses took the screen, so it is there once curses is gone.
check "the warning was printed before the dashboard opened" wait_for "^berth: warning: TLS to $HOSTPORT does not verify" 2
finish
