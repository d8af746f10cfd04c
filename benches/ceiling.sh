#!/usr/bin/env bash
# The ceiling experiment (issue 15): what would an assessment cost if each of its later steps
# cost nothing? benches/ceiling.patch (never merged) lets the assessment handler answer the
# stored bytes of the typical answer after
#   post:   reading the body only (the cost of a POST of this size that answers 16 KB);
#   parse:  parsing the profile;
#   engine: parsing and the engine;
#   render: parsing, the engine and serialising the answer (then dropped);
# and `normal` is the unchanged handler. The script builds the patched server from HEAD in a
# temporary worktree (thin LTO, target/ceiling), runs one server per mode and, in alternating
# rounds, measures each mode, /healthz and /v1/red-flags with wrk (-t2 -c64), and prints the
# medians: requests/s, server CPU per request, and the ratios the targets are stated in.
# Usage: benches/ceiling.sh [SECONDS_PER_RUN] [ROUNDS]   (defaults 5 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5}
ROUNDS=${2:-3}
ROOT=$PWD
PERSONA=openapi/examples/profiles/older_adult_on_thiazide.json
MODES=(normal render engine parse post)

command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
SRC=$(mktemp -d)
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  git -C "$ROOT" worktree remove --force "$SRC" 2>/dev/null || rm -rf "$SRC"
  rm -rf "$WORK"
}
trap cleanup EXIT
git worktree add --quiet --detach "$SRC" HEAD
git -C "$SRC" apply "$ROOT/benches/ceiling.patch" ||
  { echo "benches/ceiling.patch no longer applies to src/api/assessments.rs: update it" >&2; exit 1; }
( cd "$SRC" && CARGO_TARGET_DIR="$ROOT/target/ceiling" CARGO_PROFILE_RELEASE_LTO=thin \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo build --release --locked --bin cramp-advisor >&2 )
BIN=$ROOT/target/ceiling/release/cramp-advisor

source benches/lib.sh
post_script "$PERSONA" > "$WORK/assess.lua"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A PORT SERVER
for mode in "${MODES[@]}"; do
  PORT[$mode]=$(free_port)
  CEIL=$mode CEIL_BODY="$WORK/answer.json" APP_PORT=${PORT[$mode]} APP_LOG_FORMAT=json RUST_LOG=info \
    APP_RATE_LIMIT_PER_MINUTE=0 APP_CDS_JWT=off "$BIN" >/dev/null 2>&1 &
  SERVER[$mode]=$!
  PIDS+=("$!")
done
url() { echo "http://127.0.0.1:${PORT[$1]}"; }
for mode in "${MODES[@]}"; do
  until curl -fsS "$(url "$mode")/readyz" >/dev/null 2>&1; do sleep 0.01; done
done
# The stored answer is the real one (the `normal` server's), read by the others on first use.
curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @"$PERSONA" \
  "$(url normal)/v1/assessments" > "$WORK/answer.json"
for mode in "${MODES[@]}"; do
  cmp -s "$WORK/answer.json" <(curl -fsS -X POST -H 'Content-Type: application/json' \
    --data-binary @"$PERSONA" "$(url "$mode")/v1/assessments") ||
    { echo "mode $mode does not answer the same bytes" >&2; exit 1; }
done

# run NAME MODE URL [wrk args]: appends "requests/s cpu_µs_per_request" to $WORK/NAME.
run() {
  local name=$1 mode=$2 pid c0 c1 out n rps
  shift 2
  pid=${SERVER[$mode]}
  c0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t2 -c64 -d"${DURATION}s" "$@")
  c1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  echo "$rps $(python3 -c "print(($c1 - $c0) / $(getconf CLK_TCK) * 1e6 / $n)")" >> "$WORK/$name"
}
echo "machine: $(nproc) cores; commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'); $(date -u '+%F %H:%M') UTC; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t2 -c64 -d${DURATION}s per run, $ROUNDS alternating rounds; medians"
for mode in "${MODES[@]}"; do wrk -t2 -c64 -d1s -s "$WORK/assess.lua" "$(url "$mode")/v1/assessments" >/dev/null; done
for _ in $(seq "$ROUNDS"); do
  run healthz normal "$(url normal)/healthz"
  run red-flags normal "$(url normal)/v1/red-flags"
  for mode in "${MODES[@]}"; do
    run "assessments:$mode" "$mode" -s "$WORK/assess.lua" "$(url "$mode")/v1/assessments"
  done
done
python3 - "$WORK" "${MODES[@]}" <<'PY'
import statistics as st, sys
work, modes = sys.argv[1], sys.argv[2:]
names = ["healthz", "red-flags"] + [f"assessments:{m}" for m in modes]
rows = {n: [st.median(c) for c in zip(*(map(float, l.split()) for l in open(f"{work}/{n}")))] for n in names}
what = {"normal": "the handler as it is", "render": "answer serialised, then stored bytes sent",
        "engine": "parse + engine, then stored bytes sent", "parse": "parse, then stored bytes sent",
        "post": "body read, then stored bytes sent"}
print()
print("| endpoint | requests/s | server CPU per request | / red-flags | / healthz |")
print("|---|---|---|---|---|")
for n in names:
    rps, cpu = rows[n]
    label = n if ":" not in n else f"assessments, {what[n.split(':')[1]]}"
    print(f"| {label} | {rps:,.0f} | {cpu:.1f} µs | {rps / rows['red-flags'][0]:.2f} | {rps / rows['healthz'][0]:.2f} |")
PY
