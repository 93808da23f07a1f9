#!/usr/bin/env bash
# Headless output: `berth snapshot` (table and JSON), its errors and `berth logs` print hostile
# compose labels without their escape sequences, C1, bidi or zero-width characters; a stdout that
# cannot be written is exit 1 with a message; a reader that goes away is a quiet exit 0.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT
P="headless$E2E_RUN"
ESC=$'\033' BEL=$'\007'
RLO=$'\342\200\256' ZWSP=$'\342\200\213' BOM=$'\357\273\277' CSI8=$'\302\233'
# Compose labels are free text: a project that retitles the terminal and writes the clipboard
# (OSC 52), a service name with a bidi override, zero-width characters and an 8-bit CSI.
PROJECT="$P${ESC}]0;pwned${BEL}${ESC}]52;c;cm0gLXJmIH4=${BEL}${ESC}[2J"
SERVICE="we${RLO}b${ZWSP}${BOM}${CSI8}31m"
for n in 1 2; do
  run "$P-web-$n" --init --label "com.docker.compose.project=$PROJECT" --label "com.docker.compose.service=$SERVICE" \
    --label "com.docker.compose.container-number=$n" -- "echo 'hello ${ESC}[2Jworld'; exec sleep 600"
done

snap() { timeout 60 "$BERTH_BIN" snapshot -H "$BERTH_TEST_DOCKER_HOST" --label "berth.e2e=$E2E_RUN" "$@"; }
# has_no_controls FILE: no ESC, BEL or other C0 but newline, no C1 (raw or UTF-8), no bidi or zero-width.
has_no_controls() {
  ! LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]|\xef\xbb\xbf|\xd8\x9c' "$1"
}

dir=$(mktemp -d)
snap --format table >"$dir/table" 2>"$dir/table.err"
check "snapshot --format table exits 0" test $? -eq 0
check "the table has no escape, C1, bidi or zero-width character" has_no_controls "$dir/table"
check "the project row shows the printable part of its label" grep -qE "^$P +running +2/2 " "$dir/table"
check "the service row likewise" grep -qE "^  web +running +2/2 " "$dir/table"
check "nothing on stderr" test ! -s "$dir/table.err"

snap >"$dir/json" 2>"$dir/json.err"
check "snapshot (JSON) exits 0" test $? -eq 0
check "the JSON has no raw control, bidi or zero-width character" has_no_controls "$dir/json"
check "the JSON keeps the label, escaped" grep -qF '"name":"'"$P"'\u001b]0;pwned\u0007\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J"' "$dir/json"
check "…and the service's bidi, zero-width and C1 characters" grep -qF '"name":"we\u202eb\u200b\ufeff\u009b31m"' "$dir/json"
check "every container was read: unreadable is empty" grep -qF '"unreadable":[]' "$dir/json"

snap >/dev/full 2>"$dir/full.err"
status=$?
check "snapshot > /dev/full exits 1 ($status)" test "$status" -eq 1
check "…saying why" grep -qx "berth: cannot write to standard output: No space left on device" "$dir/full.err"
snap --format table >/dev/full 2>/dev/null
check "so does the table" test $? -eq 1

snap 2>"$dir/gone.err" | true
status=${PIPESTATUS[0]}
check "a reader gone before the output is a quiet exit 0 ($status)" test "$status" -eq 0
check "…with nothing on stderr" test ! -s "$dir/gone.err"
snap --watch --interval 500ms 2>"$dir/head.err" | head -c1 >/dev/null
status=${PIPESTATUS[0]}
check "snapshot --watch | head -c1 ends, quietly, with 0 ($status)" test "$status" -eq 0
check "…with nothing on stderr" test ! -s "$dir/head.err"
snap --watch --interval 500ms >/dev/full 2>"$dir/watch-full.err"
status=$?
check "snapshot --watch > /dev/full exits 1 ($status)" test "$status" -eq 1
check "…saying why" grep -qx "berth: cannot write to standard output: No space left on device" "$dir/watch-full.err"

timeout 30 "$BERTH_BIN" snapshot -H "unix:///nonexistent/${ESC}]0;pwned${BEL}${RLO}docker.sock" >/dev/null 2>"$dir/fail.err"
check "an unreachable engine is exit 1" test $? -eq 1
check "…with a message that quotes the path without its controls" grep -q "^berth: .*nonexistent/docker.sock" "$dir/fail.err"
check "…and nothing a terminal would act on" has_no_controls "$dir/fail.err"

timeout 30 "$BERTH_BIN" snapshot --format "x${ESC}]0;pwned${BEL}" >/dev/null 2>"$dir/usage.err"
check "a bad argument is exit 64" test $? -eq 64
check "…with a message that quotes it without its controls" grep -q "^Error: The value 'x' is invalid" "$dir/usage.err"
check "…and nothing a terminal would act on" has_no_controls "$dir/usage.err"

timeout 30 "$BERTH_BIN" logs -H "$BERTH_TEST_DOCKER_HOST" "$SERVICE" --project "$PROJECT" >"$dir/logs" 2>&1
check "berth logs of the hostile service to a pipe: prefix, then the line's bytes unchanged" \
  grep -qF "$P-web-1 | hello ${ESC}[2Jworld" "$dir/logs"
rm -rf "$dir"
finish
