#!/usr/bin/env bash
# Usage: tests/contract/spectral.sh [SPEC]   (default: openapi/openapi.json)
# Lints the OpenAPI document with Spectral's own `spectral:oas` ruleset (spectral-oas.yaml, not
# modified). Fails on any error AND any warning (--fail-severity=warn). Also prints, without
# failing, the count of the OWASP API Security ruleset's findings (spectral-owasp.yaml): that
# ruleset is not yet clean (see tests/contract/README.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
spec="$(realpath "${1:-$repo/openapi/openapi.json}")"
"$here/setup.sh" >/dev/null
cd "$here"
node_modules/.bin/spectral lint "$spec" --ruleset spectral-oas.yaml --fail-severity=warn --format stylish
echo "spectral lint (spectral:oas): 0 errors, 0 warnings"
owasp="$( (node_modules/.bin/spectral lint "$spec" --ruleset spectral-owasp.yaml --format json --quiet 2>/dev/null || true) \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=s.trim()?JSON.parse(s):[];const e=r.filter(x=>x.severity===0).length,w=r.filter(x=>x.severity===1).length;console.log(`${e} errors, ${w} warnings`)})')"
echo "spectral lint (OWASP API Security, informational, not yet enforced): $owasp"
