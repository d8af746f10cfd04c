#!/usr/bin/env bash
# Usage: tests/contract/lint.sh [SPEC]   (default: openapi/openapi.json)
# Lints the OpenAPI document with Redocly CLI's `recommended` ruleset (config: redocly.yaml).
# Fails on any error AND any warning.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
spec="$(realpath "${1:-$repo/openapi/openapi.json}")"
"$here/setup.sh" >/dev/null
cd "$here"
# No telemetry or update check: nothing leaves the machine.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
# --max-problems: list every problem, not the first 100.
node_modules/.bin/redocly lint --config redocly.yaml --max-problems 10000 --format stylish "$spec" 2>&1 \
  | grep -v -e 'Node.js 20' -e 'nodejs.org' -e '^\s*║' -e '^\s*[╔╚]' || true
# shellcheck disable=SC2016  # the single-quoted text is JavaScript, not shell
# Count from the JSON report so that warnings fail the run too (redocly exits 0 on warnings).
counts="$( (node_modules/.bin/redocly lint --config redocly.yaml --max-problems 10000 --format json "$spec" 2>/dev/null || true) \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=JSON.parse(s).totals;console.log(`${t.errors} ${t.warnings} ${t.ignored}`)})')"
read -r errors warnings ignored <<<"$counts"
echo "redocly lint: $errors errors, $warnings warnings, $ignored ignored"
if [[ "$errors" != 0 || "$warnings" != 0 ]]; then
  echo "redocly lint: FAILED (zero errors and zero warnings are required)" >&2
  exit 1
fi
