#!/usr/bin/env bash
# Usage: tests/contract/spectral.sh [SPEC]   (default: openapi/openapi.json)
# Lints the OpenAPI document with Spectral's own `spectral:oas` ruleset (spectral-oas.yaml, not
# modified). Fails on any error AND any warning (--fail-severity=warn). Then the OWASP API
# Security ruleset (spectral-owasp.yaml): fails on any error (OWASP_ENFORCE=0 only reports).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
spec="$(realpath "${1:-$repo/openapi/openapi.json}")"
"$here/setup.sh" >/dev/null
cd "$here"
node_modules/.bin/spectral lint "$spec" --ruleset spectral-oas.yaml --fail-severity=warn --format stylish
echo "spectral lint (spectral:oas): 0 errors, 0 warnings"
# The OWASP API Security ruleset (spectral-owasp.yaml: the published ruleset, with each rule or
# place turned off saying why). Fails on any error; prints the count of each rule that fired.
owasp_json="$(node_modules/.bin/spectral lint "$spec" --ruleset spectral-owasp.yaml --format json --quiet 2>/dev/null || true)"
echo "$owasp_json" | node -e '
let s = "";
process.stdin.on("data", d => (s += d)).on("end", () => {
  const r = s.trim() ? JSON.parse(s) : [];
  const by = {};
  for (const x of r) by[`${["error", "warning"][x.severity] ?? "info"} ${x.code}`] = (by[`${["error", "warning"][x.severity] ?? "info"} ${x.code}`] || 0) + 1;
  for (const [k, n] of Object.entries(by).sort()) console.log(`  ${n} ${k}`);
  const e = r.filter(x => x.severity === 0).length, w = r.filter(x => x.severity === 1).length;
  console.log(`spectral lint (OWASP API Security): ${e} errors, ${w} warnings`);
  process.exit(e > 0 && process.env.OWASP_ENFORCE !== "0" ? 1 : 0);
});'
