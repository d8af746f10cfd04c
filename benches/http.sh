#!/usr/bin/env bash
# HTTP benchmark: starts the release binary on a free loopback port and, with wrk, measures in the
# same run GET /healthz (the framework's own cost: the floor) and POST /v1/assessments with a
# typical persona, at 1, 16 and 64 connections. Prints requests/s, p50/p99 latency, the ratio
# assessments/healthz, and the server's RSS (from /proc) before, after and during a soak.
# Usage: benches/http.sh [SECONDS_PER_RUN]   (default 10). Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
BIN=target/release/cramp-advisor
PERSONA=openapi/examples/profiles/older_adult_on_thiazide.json

command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked --bin cramp-advisor >&2

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
START_NS=$(date +%s%N)
APP_PORT=$PORT APP_LOG_FORMAT=json RUST_LOG=warn APP_RATE_LIMIT_PER_MINUTE=0 APP_CDS_JWT=off "$BIN" >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.005; done
READY_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
LUA=$(mktemp --suffix=.lua)
python3 - "$PERSONA" > "$LUA" <<'PY'
import json, sys
body = json.dumps(json.load(open(sys.argv[1])))
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.body = ' + json.dumps(body))
PY

# wrk prints e.g. "Requests/sec:  12345.67" and, with --latency, "50%  1.23ms" / "99%  4.56ms".
run() { # run NAME CONNECTIONS [wrk args...]
  local name=$1 conns=$2; shift 2
  local threads=$(( conns < 2 ? 1 : 2 ))
  local out; out=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency "$@")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out"); errors=${errors:-0}
  printf '%-12s c=%-3s %10s req/s  p50 %-8s p99 %-8s non-2xx %s\n' "$name" "$conns" "$rps" "$p50" "$p99" "$errors" >&2
  echo "$rps"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u +%F)"
echo "readyz answered ${READY_MS} ms after process start"
RSS_BEFORE=$(rss_kib)
echo "RSS before: $((RSS_BEFORE / 1024)) MiB"
echo
echo "| connections | healthz req/s | assessments req/s | ratio | healthz p50/p99 | assessments p50/p99 |"
echo "|---|---|---|---|---|---|"
for c in 1 16 64; do
  h=$(run healthz "$c" "http://127.0.0.1:$PORT/healthz" 2>/tmp/bench-h.txt); hl=$(cat /tmp/bench-h.txt)
  a=$(run assessments "$c" -s "$LUA" "http://127.0.0.1:$PORT/v1/assessments" 2>/tmp/bench-a.txt); al=$(cat /tmp/bench-a.txt)
  ratio=$(python3 -c "print(f'{$a/$h:.2f}')")
  echo "| $c | $h | $a | $ratio | $(awk '{print $6"/"$8}' <<<"$hl") | $(awk '{print $6"/"$8}' <<<"$al") |"
done
RSS_AFTER=$(rss_kib)
echo
echo "RSS after the runs above: $((RSS_AFTER / 1024)) MiB"

# Soak: assessments at 64 connections for 60 s, RSS sampled every 10 s (flat = no leak).
if [ "${SOAK:-1}" = 1 ]; then
  wrk -t2 -c64 -d60s -s "$LUA" "http://127.0.0.1:$PORT/v1/assessments" >/tmp/bench-soak.txt &
  WRK=$!
  SAMPLES=()
  for _ in 1 2 3 4 5 6; do sleep 10; SAMPLES+=("$(( $(rss_kib) / 1024 ))"); done
  wait $WRK
  echo "soak (60 s, 64 connections, $(awk '/requests in/ {print $1}' /tmp/bench-soak.txt) requests): RSS every 10 s (MiB): ${SAMPLES[*]}"
  python3 -c "s=[int(x) for x in '${SAMPLES[*]}'.split()]; print(f'RSS growth over the soak: {100*(s[-1]-s[0])/s[0]:.1f}%')"
fi
