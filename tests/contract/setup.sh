#!/usr/bin/env bash
# Installs the contract kit's npm tools (pinned in package.json, locked in package-lock.json)
# into tests/contract/node_modules. Idempotent: does nothing when node_modules already matches
# the lock file. Nothing is installed globally.
#
# Usage: tests/contract/setup.sh [--with-browser]
#   --with-browser  also make sure Debian's chromium is installed (apt-get; needs root), for
#                   swagger-ui.mjs. Playwright's own browser download is never used.
#
# The Python tools (schemathesis, jsonschema) are pinned in .ci/requirements.txt and installed
# into .venv by `make venv`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "setup: '$tool' is not installed (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
done

stamp="node_modules/.contract-installed"
if [[ -f "$stamp" && "$stamp" -nt package-lock.json && "$stamp" -nt package.json ]]; then
  echo "setup: npm tools already installed"
else
  # npm ci: exactly the lock file; no audit/fund/update-notifier traffic; no browser download
  # (playwright-core never downloads one, and we point it at /usr/bin/chromium).
  # SCARF_ANALYTICS=false: @scarf/scarf (a dependency of the Spectral OWASP ruleset) would
  # otherwise report the install from its postinstall script.
  SCARF_ANALYTICS=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --update-notifier=false --loglevel=error
  touch "$stamp"
  echo "setup: npm tools installed: $(node -p "Object.entries(require('./package.json').devDependencies).map(([k,v])=>k+'@'+v).join(', ')")"
fi

if [[ "${1:-}" == "--with-browser" ]]; then
  if [[ -x /usr/bin/chromium ]]; then
    echo "setup: chromium present ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
  else
    echo "setup: installing Debian's chromium"
    if [[ $(id -u) -ne 0 ]]; then
      echo "setup: need root for apt-get install chromium" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    /usr/bin/chromium --version
  fi
fi
