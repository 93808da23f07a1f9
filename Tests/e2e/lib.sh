# Helpers for Berth's end-to-end tests: a real binary in tmux against the private engine.
# Sourced by Tests/e2e/*.sh; needs BERTH_TEST_DOCKER_HOST and BERTH_BIN.

: "${BERTH_TEST_DOCKER_HOST:?set by scripts/test}"
: "${BERTH_BIN:?path of the berth binary}"
E2E_RUN=${E2E_RUN:-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')}
TMUX_SOCKET="berth-e2e-$E2E_RUN"
SESSION=berth
PASSED=0
FAILED=0
CREATED=()

d() { timeout 60 docker -H "$BERTH_TEST_DOCKER_HOST" "$@"; }
t() { tmux -L "$TMUX_SOCKET" "$@"; }

# run NAME OPTIONS... -- COMMAND: a labelled busybox container with no network.
run() {
  local name=$1; shift
  local options=()
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  local id
  id=$(d run -d --name "$name" --network none --label berth.test=1 --label "berth.e2e=$E2E_RUN" "${options[@]}" busybox:local sh -c "$*")
  CREATED+=("$id")
}

# compose PROJECT SERVICE NUMBER: the labels docker compose puts on a replica.
compose() {
  echo --label "com.docker.compose.project=$1" --label "com.docker.compose.service=$2" --label "com.docker.compose.container-number=$3"
}

screen_text() { t capture-pane -p -t "$SESSION"; }

# wait_for PATTERN [SECONDS]: until the screen matches the extended regex.
wait_for() {
  local pattern=$1 seconds=${2:-15} end=$((SECONDS + ${2:-15}))
  while [ $SECONDS -lt $end ]; do
    if screen_text | grep -Eq -- "$pattern"; then return 0; fi
    sleep 0.2
  done
  echo "--- screen while waiting for /$pattern/ ($seconds s):" >&2
  screen_text >&2
  return 1
}

check() {
  local name=$1; shift
  if "$@"; then
    echo "ok   $name"; PASSED=$((PASSED + 1))
  else
    echo "FAIL $name"; FAILED=$((FAILED + 1))
  fi
}

start_berth() {
  local width=$1 height=$2; shift 2
  t kill-server 2>/dev/null || true
  t new-session -d -s "$SESSION" -x "$width" -y "$height" \
    "LANG=C.UTF-8 TERM=xterm-256color $BERTH_BIN -H $BERTH_TEST_DOCKER_HOST --label berth.e2e=$E2E_RUN $*; echo BERTH-EXIT=\$?; sleep 600"
}

cleanup() {
  t kill-server 2>/dev/null || true
  for id in "${CREATED[@]}"; do timeout 30 docker -H "$BERTH_TEST_DOCKER_HOST" rm -f "$id" >/dev/null 2>&1 || true; done
}

finish() {
  cleanup
  echo "e2e $(basename "$0"): $PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
