#!/usr/bin/env bash
# CDS patient-view against the v1 assessment, one binary, alternating wrk rounds (issue 15:
# "CDS patient-view with the published example ≥ 0.5× the v1 assessment throughput").
# Prints, per endpoint, the medians over the rounds of requests/s and of the server's CPU time
# per request (utime + stime from /proc over the round, divided by the requests).
# Usage: benches/cds.sh [BIN] [SECONDS_PER_RUN] [ROUNDS]   (defaults: target/release, 5, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/cramp-advisor}
DURATION=${2:-5}
ROUNDS=${3:-3}
source benches/lib.sh
start_server "$BIN"
post_script openapi/examples/profiles/older_adult_on_thiazide.json > "$WORK/assess.lua"
post_script openapi/examples/fhir/patient_view_older_ckd_thiazide.json > "$WORK/hook.lua"
declare -A URL=([assessments]=/v1/assessments [cds]=/cds-services/nocturnal-leg-cramps)
for name in assessments cds; do
  wrk -t2 -c64 -d1s -s "$WORK/$( [ $name = cds ] && echo hook || echo assess ).lua" "$BASE${URL[$name]}" >/dev/null
done
for _ in $(seq "$ROUNDS"); do
  for name in assessments cds; do
    script="$WORK/$( [ $name = cds ] && echo hook || echo assess ).lua"
    c0=$(cpu_ticks)
    out=$(wrk -t2 -c64 -d"${DURATION}s" -s "$script" "$BASE${URL[$name]}")
    c1=$(cpu_ticks)
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    echo "$rps $(python3 -c "print(($c1 - $c0) / $TICK * 1e6 / $n)") ${bad:-0}" >> "$WORK/$name"
  done
done
python3 - "$WORK" <<'PY'
import statistics as st, sys
rows = {}
for n in ("assessments", "cds"):
    runs = [list(map(float, l.split())) for l in open(f"{sys.argv[1]}/{n}")]
    rows[n] = [st.median(c) for c in zip(*runs)]
    print(f"{n:12} {rows[n][0]:>9,.0f} req/s  {rows[n][1]:6.1f} µs CPU/request  non-2xx {rows[n][2]:.0f}  (rounds: {', '.join(f'{r[1]:.1f}' for r in runs)} µs)")
print(f"cds / assessments: {rows['cds'][0] / rows['assessments'][0]:.2f} by throughput, {rows['assessments'][1] / rows['cds'][1]:.2f} by CPU per request (target >= 0.5)")
PY
