#!/usr/bin/env bash
# Installs the client kit's pinned tools, idempotently, into this directory only:
# - npm: package.json + package-lock.json -> node_modules (openapi-typescript, openapi-fetch,
#   @hey-api/openapi-ts, typescript, openapi-to-postmanv2), with `npm ci`;
# - PyPI: requirements.txt (every package pinned) -> .venv (openapi-python-client, mypy,
#   openapi-generator-cli, whose wheel bundles openapi-generator.jar).
# Java (for openapi-generator) comes from Debian: default-jre-headless, installed when `java` is
# missing and we are root. Nothing else is downloaded, now or when the clients are generated.
#
# Usage: tests/contract/clients/setup.sh [--npm-only]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "clients-setup: '$tool' is not installed" >&2; exit 1; }
done

stamp="node_modules/.clients-installed"
if [[ -f "$stamp" && "$stamp" -nt package-lock.json && "$stamp" -nt package.json ]]; then
  echo "clients-setup: npm tools already installed"
else
  npm ci --no-audit --no-fund --update-notifier=false --loglevel=error
  touch "$stamp"
  echo "clients-setup: npm tools installed: $(node -p "Object.entries(require('./package.json').devDependencies).map(([k,v])=>k+'@'+v).join(', ')")"
fi
[[ "${1:-}" == "--npm-only" ]] && exit 0

pystamp=".venv/.clients-installed"
if [[ -f "$pystamp" && "$pystamp" -nt requirements.txt ]]; then
  echo "clients-setup: Python tools already installed"
else
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  touch "$pystamp"
  echo "clients-setup: Python tools installed: $(grep -E '^(openapi-python-client|openapi-generator-cli|mypy)==' requirements.txt | tr '\n' ' ')"
fi

if ! command -v java >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "clients-setup: 'java' is missing (Debian: apt-get install -y default-jre-headless); need root to install it" >&2
    exit 1
  fi
  echo "clients-setup: installing Debian's default-jre-headless"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi
echo "clients-setup: java $(java -version 2>&1 | head -n1)"
