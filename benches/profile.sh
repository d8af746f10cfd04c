#!/usr/bin/env bash
# Where an assessment's time goes under load: perf samples the release server (with line
# tables) while wrk posts the typical persona at 64 connections, then benches/fold.py folds the
# stacks and prints the inclusive share of each part of the request path (BENCHMARKS.md quotes
# it). Needs perf (Debian linux-perf) and wrk. Builds target/prof (release, symbols kept).
# Usage: benches/profile.sh [SECONDS] [ENDPOINT: assessments|cds]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_=${1:-10}
WHAT=${2:-assessments}
BIN=target/prof/release/cramp-advisor
# PROFILE_NO_BUILD=1 profiles the binary already there (a fat-LTO build takes minutes).
[ "${PROFILE_NO_BUILD:-0}" = 1 ] || CARGO_TARGET_DIR=target/prof CARGO_PROFILE_RELEASE_STRIP=none \
  CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release --locked --bin cramp-advisor >&2
source benches/lib.sh
start_server "$BIN"
case $WHAT in
  assessments) FILE=openapi/examples/profiles/older_adult_on_thiazide.json; URL=/v1/assessments ;;
  cds) FILE=openapi/examples/fhir/patient_view_older_ckd_thiazide.json; URL=/cds-services/nocturnal-leg-cramps ;;
  *) echo "unknown endpoint $WHAT" >&2; exit 2 ;;
esac
post_script "$FILE" > "$WORK/post.lua"
wrk -t2 -c64 -d"$((SECONDS_ + 4))s" -s "$WORK/post.lua" "$BASE$URL" >/dev/null &
WRK=$!
sleep 2
perf record -q -F 999 -g -p "$PID" -o "$WORK/perf.data" -- sleep "$SECONDS_" 2>/dev/null
wait "$WRK"
perf script -i "$WORK/perf.data" 2>/dev/null | python3 benches/fold.py
