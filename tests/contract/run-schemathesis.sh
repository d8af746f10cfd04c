#!/usr/bin/env bash
# Usage: tests/contract/run-schemathesis.sh BINARY [EXAMPLES_PER_OP|deep] [SEED]
#
# Starts BINARY (the cramp-advisor server) on a free loopback port, waits for /readyz, runs
# Schemathesis with every check (`--checks all`) over every operation of the spec the server
# serves (GET /openapi.json), stops the server and exits with Schemathesis's exit code.
#
#   EXAMPLES_PER_OP  examples per operation: default 300 (CI); `deep` = 1000 (make contract-deep)
#   SEED             Hypothesis seed, default 20261127: the same seed and binary give the same run
#
# Environment:
#   SCHEMATHESIS        the schemathesis executable (default: <repo>/.venv/bin/schemathesis)
#   CONTRACT_REPORT_DIR where the JUnit report and server log go (default: <repo>/target/contract)
#   SCHEMATHESIS_WORKERS  concurrent workers (default 1: see the note at the run below)
#
# No hooks, and exactly the configuration an integrator gets by running `st run URL --checks all`
# from the repository root: the committed <repo>/schemathesis.toml (its one exception cites the
# CDS Hooks clause that mandates it). No check is excluded: any failure is a service bug.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [[ $# -lt 1 || $# -gt 3 ]]; then
  echo "usage: $0 BINARY [EXAMPLES_PER_OP|deep] [SEED]" >&2
  exit 2
fi
binary="$1"
examples="${2:-300}"
seed="${3:-20261127}"
[[ "$examples" == "deep" ]] && examples=1000
if ! [[ "$examples" =~ ^[0-9]+$ && "$seed" =~ ^[0-9]+$ ]]; then
  echo "EXAMPLES_PER_OP and SEED must be whole numbers (got '$examples', '$seed')" >&2
  exit 2
fi
schemathesis="${SCHEMATHESIS:-$repo/.venv/bin/schemathesis}"
if [[ ! -x "$schemathesis" ]]; then
  echo "schemathesis not found at $schemathesis: run 'make venv' (or set SCHEMATHESIS)" >&2
  exit 2
fi
report_dir="${CONTRACT_REPORT_DIR:-$repo/target/contract}"
mkdir -p "$report_dir"
report_dir="$(cd "$report_dir" && pwd)"
export CONTRACT_SERVER_LOG="$report_dir/schemathesis-server.log"

# shellcheck source=lib/server.sh
source "$here/lib/server.sh"
contract_start_server "$binary"

# Run from a scratch directory so that nothing (.hypothesis/, .schemathesis/) is written into the
# work tree; the repository's schemathesis.toml is named explicitly.
workdir="$(mktemp -d -t schemathesis-run.XXXXXX)"
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  contract_stop_server
  rm -rf "$workdir"
}
trap cleanup EXIT

# The spec under test is the one the server serves. Schemathesis skips the operation that served
# the schema when it loads it from a URL (GET /openapi.json would go untested), so download the
# served document and load it from the file, with --url pointing at the same server.
curl -fsS --max-time 10 -o "$workdir/openapi.json" "$BASE_URL/openapi.json"

echo "schemathesis: $("$schemathesis" --version 2>/dev/null | head -n1); $examples examples per operation, seed $seed, all checks, spec served by $BASE_URL/openapi.json"
start=$(date +%s)
set +e
(
  cd "$workdir"
  # --generation-database none: no example database carried between runs, so the seed alone
  #   decides the run (reproducible in CI and locally).
  # --url: the API under test (the spec is loaded from a file, so it must be said).
  # --continue-on-failure: report every failure of an operation, not only the first.
  # --config-file: the repository root's schemathesis.toml, the one an integrator's run picks up.
  # --workers 1: CPython 3.11's parser crashes intermittently when two worker threads compile
  #   code at once (gh-106905), seen here on the CDS operations; one worker is slower, not weaker.
  "$schemathesis" --config-file "$repo/schemathesis.toml" run "$workdir/openapi.json" \
    --url "$BASE_URL" \
    --checks all \
    --max-examples "$examples" \
    --seed "$seed" \
    --generation-database none \
    --workers "${SCHEMATHESIS_WORKERS:-1}" \
    --request-timeout 10 \
    --continue-on-failure \
    --no-color \
    --report junit --report-junit-path "$report_dir/schemathesis-junit.xml"
)
rc=$?
set -e
contract_check_server_alive || rc=1
echo "schemathesis: exit code $rc after $(( $(date +%s) - start )) s (JUnit report: $report_dir/schemathesis-junit.xml; server log: $CONTRACT_SERVER_LOG)"
exit "$rc"
