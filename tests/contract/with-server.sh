#!/usr/bin/env bash
# Usage: tests/contract/with-server.sh BINARY COMMAND [ARGS...]
# Starts BINARY on a free loopback port, waits for /readyz, runs COMMAND with every argument
# equal to @BASE_URL@ replaced by the server's base URL (also exported as BASE_URL), stops the
# server and exits with COMMAND's exit code.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 BINARY COMMAND [ARGS...]  (@BASE_URL@ in ARGS becomes http://127.0.0.1:PORT)" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/server.sh
source "$here/lib/server.sh"
binary="$1"
shift
# CDS Hooks JWT verification is off unless the caller sets APP_CDS_JWT (lib/server.sh).
contract_start_server "$binary"
args=()
for a in "$@"; do
  args+=("${a//@BASE_URL@/$BASE_URL}")
done
set +e
"${args[@]}"
rc=$?
set -e
contract_check_server_alive || rc=1
contract_stop_server
exit "$rc"
