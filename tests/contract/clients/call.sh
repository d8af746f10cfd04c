#!/usr/bin/env bash
# Usage: tests/contract/clients/call.sh BASE_URL   (run by run.sh through ../with-server.sh)
# Runs each built consumer against BASE_URL: a 200 read to relief_plan.steps[0].action and a
# 422 parsed as a Problem.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export BASE_URL="$1"
node gen/ts-out/ts/openapi_fetch.js
node gen/ts-out/ts/hey_api.js
PYTHONPATH=gen/python .venv/bin/python python/consumer.py "$BASE_URL"
