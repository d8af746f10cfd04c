#!/usr/bin/env bash
# Usage: tests/contract/typecheck.sh [SPEC]   (default: openapi/openapi.json)
# Generates TypeScript types from the spec with openapi-typescript into generated/api.d.ts
# (not committed) and type-checks consumer.ts against them with `tsc --noEmit`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
spec="$(realpath "${1:-$repo/openapi/openapi.json}")"
"$here/setup.sh" >/dev/null
mkdir -p "$here/generated"
# Run the generator from generated/: openapi-typescript lints with the redocly.yaml of its working
# directory, and the lint belongs to lint.sh, not to code generation.
(cd "$here/generated" && ../node_modules/.bin/openapi-typescript "$spec" --output api.d.ts)
cd "$here"
node_modules/.bin/tsc --noEmit -p tsconfig.json
echo "typecheck: generated/api.d.ts from $spec; consumer.ts type-checks (tsc $(node_modules/.bin/tsc --version | awk '{print $2}'))"
