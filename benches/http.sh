#!/usr/bin/env bash
# HTTP benchmark (wrk on loopback against the release binary). In ONE run it measures, at 64
# connections and in alternating rounds:
#   - GET /healthz: the framework's own cost (the floor);
#   - GET /v1/red-flags (35.3 KB) and GET /v1/medication-classes (26.1 KB): stored catalogue
#     answers, the nearest in size to the assessment's 16.4 KB (the physical limit for a computed
#     answer: the same write, no work; both are larger, so the comparison is conservative);
#   - POST /v1/assessments with the typical persona (the work), plain and with
#     `Accept-Encoding: gzip` (the throughput cost of compression), and red-flags with gzip (a
#     stored answer compressed once);
#   - POST /cds-services/nocturnal-leg-cramps (patient-view, the published example);
# and prints per endpoint the median over the rounds of requests/s, p99 latency and the server's
# CPU time per request (from /proc: robust to a busy machine), then the ratios the targets in
# BENCHMARKS.md are stated in. Then the answer sizes with and without compression, and the RSS
# after a 60 s soak (well over 1M requests on this machine), sampled every 10 s.
#
# The server logs as deployed (JSON, info: one access line per request) into /dev/null.
# Usage: benches/http.sh [SECONDS_PER_RUN] [ROUNDS]   (defaults 5 and 3). SOAK=0 skips the soak.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5}
ROUNDS=${2:-3}
CONNS=64
# BENCH_BIN: a release binary built elsewhere (e.g. with symbols, for perf); same code.
BIN=${BENCH_BIN:-target/release/cramp-advisor}
PERSONA=openapi/examples/profiles/older_adult_on_thiazide.json
HOOK=openapi/examples/fhir/patient_view_older_ckd_thiazide.json

command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -n "${BENCH_BIN:-}" ] || cargo build --release --locked --bin cramp-advisor >&2

source benches/lib.sh
start_server "$BIN"
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }

post_script "$PERSONA" > "$WORK/assess.lua"
post_script "$HOOK" > "$WORK/hook.lua"
{ cat "$WORK/assess.lua"; echo 'wrk.headers["Accept-Encoding"] = "gzip"'; } > "$WORK/assess-gzip.lua"
echo 'wrk.headers["Accept-Encoding"] = "gzip"' > "$WORK/gzip.lua"

declare -A ARGS=(
  [healthz]="$BASE/healthz"
  [red-flags]="$BASE/v1/red-flags"
  [red-flags-gzip]="-s $WORK/gzip.lua $BASE/v1/red-flags"
  [medication-classes]="$BASE/v1/medication-classes"
  [assessments]="-s $WORK/assess.lua $BASE/v1/assessments"
  [assessments-gzip]="-s $WORK/assess-gzip.lua $BASE/v1/assessments"
  [cds]="-s $WORK/hook.lua $BASE/cds-services/nocturnal-leg-cramps"
)
ENDPOINTS=(healthz red-flags red-flags-gzip medication-classes assessments assessments-gzip cds)

# Each run appends "rps p99_ms cpu_us_per_request non2xx" to $WORK/NAME.
run() { # run NAME
  local name=$1 c0 c1 out
  c0=$(cpu_ticks)
  # shellcheck disable=SC2086 # ARGS holds wrk's arguments, split on purpose
  out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency ${ARGS[$name]})
  c1=$(cpu_ticks)
  python3 - "$c0" "$c1" "$TICK" <<PY >> "$WORK/$name"
import re, sys
out = """$out"""
c0, c1, tick = (float(x) for x in sys.argv[1:])
n = int(re.search(r"(\d+) requests in", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(rps, p99, (c1 - c0) / tick * 1e6 / n, bad.group(1) if bad else 0)
PY
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo '+changes'); $(date -u '+%F %H:%M') UTC; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "readyz answered ${READY_MS} ms after process start; RSS at start: $(( $(rss_kib) / 1024 )) MiB"
echo "wrk -t2 -c$CONNS -d${DURATION}s per run, $ROUNDS alternating rounds; medians over the rounds"
for name in "${ENDPOINTS[@]}"; do wrk -t2 -c"$CONNS" -d1s ${ARGS[$name]} >/dev/null; done # warm-up
for _ in $(seq "$ROUNDS"); do for name in "${ENDPOINTS[@]}"; do run "$name"; done; done

python3 - "$WORK" "${ENDPOINTS[@]}" <<'PY'
import statistics as st, sys
work, names = sys.argv[1], sys.argv[2:]
rows = {}
for n in names:
    runs = [list(map(float, line.split())) for line in open(f"{work}/{n}")]
    rows[n] = [st.median(col) for col in zip(*runs)]
print()
print("| endpoint (64 connections) | requests/s | p99 | server CPU per request | non-2xx |")
print("|---|---|---|---|---|")
for n in names:
    rps, p99, cpu, bad = rows[n]
    print(f"| {n} | {rps:,.0f} | {p99:.2f} ms | {cpu:.1f} µs | {bad:.0f} |")
r = lambda a, b: rows[a][0] / rows[b][0]
c = lambda a, b: rows[b][2] / rows[a][2]
print()
print(f"assessments / red-flags: {r('assessments', 'red-flags'):.2f} (target ≥ 0.8); by CPU per request: {c('assessments', 'red-flags'):.2f}")
print(f"assessments / medication-classes: {r('assessments', 'medication-classes'):.2f} (the stored answer nearest in size); by CPU per request: {c('assessments', 'medication-classes'):.2f}")
print(f"assessments with gzip / without: {r('assessments-gzip', 'assessments'):.2f} (the throughput cost of compressing per answer)")
print(f"red-flags with gzip / without: {r('red-flags-gzip', 'red-flags'):.2f} (a stored answer, compressed once)")
print(f"assessments / healthz:   {r('assessments', 'healthz'):.2f} (target ≥ 0.5); by CPU per request: {c('assessments', 'healthz'):.2f}")
print(f"cds / assessments:       {r('cds', 'assessments'):.2f} (target ≥ 0.5); by CPU per request: {c('cds', 'assessments'):.2f}")
print(f"assessments p99:         {rows['assessments'][1]:.2f} ms (target ≤ 5 ms)")
PY

echo
echo "Answer sizes (bytes on the wire, body only):"
size() { curl -s -o /dev/null -w '%{size_download}' "$@"; }
for enc in identity gzip; do
  a=$(size -X POST -H 'Content-Type: application/json' -H "Accept-Encoding: $enc" --data-binary @"$PERSONA" "$BASE/v1/assessments")
  f=$(size -H "Accept-Encoding: $enc" "$BASE/v1/red-flags")
  m=$(size -H "Accept-Encoding: $enc" "$BASE/v1/medication-classes")
  echo "  Accept-Encoding: $enc  assessments $a  red-flags $f  medication-classes $m"
done

if [ "${SOAK:-1}" = 1 ]; then
  wrk -t2 -c"$CONNS" -d60s -s "$WORK/assess.lua" "$BASE/v1/assessments" >"$WORK/soak.txt" &
  WRK=$!
  SAMPLES=()
  for _ in 1 2 3 4 5 6; do sleep 10; SAMPLES+=("$(( $(rss_kib) / 1024 ))"); done
  wait $WRK
  TOTAL=$(awk '/requests in/ {print $1}' "$WORK/soak.txt")
  echo
  echo "soak: 60 s of assessments at $CONNS connections ($TOTAL requests, after the runs above): RSS every 10 s (MiB): ${SAMPLES[*]}"
  python3 -c "s=[int(x) for x in '${SAMPLES[*]}'.split()]; print(f'RSS growth over the soak: {100*(s[-1]-s[0])/s[0]:.1f}% (target: flat, and at most 25 MiB)')"
fi
