#!/usr/bin/env bash
# `berth logs` on a long history: the first lines come out before the rest is read, following
# without --tail starts from the last 200 lines, a full disk is an error with a message, and a
# reader that goes away (`| head`) is not.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
P="logstream$E2E_RUN"
TMPDIR_E2E_FOLLOW=$(mktemp)
for n in 1 2; do
  run "$P-web-$n" $(compose "$P" web "$n") -- \
    'seq 1 300000 | sed "s/^/web'"$n"' line /"; trap "exit 0" TERM; while :; do sleep 1 & wait; done'
done
# Both histories complete (the last line is in the engine's log).
for n in 1 2; do
  for _ in $(seq 1 120); do
    d logs --tail 1 "$P-web-$n" 2>/dev/null | grep -q "web$n line 300000" && break
    sleep 0.5
  done
done

first=$(timeout 30 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" "$P-web-1" | head -1)
check "the first line of one container's history comes first" test "$first" = "web1 line 1"
first=$(timeout 30 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" web --project "$P" | head -1)
check "two replicas' merged history starts with the oldest line ($first)" bash -c "echo \"\$1\" | grep -Eq '^$P-web-[12] \| web[12] line 1$'" _ "$first"
count=$(timeout 60 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" web --project "$P" | wc -l)
check "the merged history has every line of both ($count)" test "$count" -eq 600000

timeout 60 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" "$P-web-1" | head -1 >/dev/null
check "a reader that goes away is not an error" test "${PIPESTATUS[0]}" -eq 0

err=$(timeout 60 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" "$P-web-1" 2>&1 >/dev/full)
status=$?
check "a full disk exits 1 ($status)" test "$status" -eq 1
check "…saying why ($err)" bash -c "echo \"\$1\" | grep -q 'No space left on device'" _ "$err"

timeout 60 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" -f "$P-web-1" >"$TMPDIR_E2E_FOLLOW" 2>&1 &
follower=$!
for _ in $(seq 1 100); do
  [ "$(wc -l <"$TMPDIR_E2E_FOLLOW")" -ge 200 ] && break
  sleep 0.1
done
check "-f keeps following" kill -0 "$follower"
kill "$follower" 2>/dev/null; wait "$follower" 2>/dev/null
lines=$(wc -l <"$TMPDIR_E2E_FOLLOW")
check "-f without --tail starts from the last 200 lines ($lines)" test "$lines" -eq 200
check "…the newest of them" bash -c "tail -1 \"\$1\" | grep -q 'web1 line 300000'" _ "$TMPDIR_E2E_FOLLOW"
rm -f "$TMPDIR_E2E_FOLLOW"
finish
