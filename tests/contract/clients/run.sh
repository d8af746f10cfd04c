#!/usr/bin/env bash
# Usage: tests/contract/clients/run.sh BINARY [SPEC]   (default SPEC: openapi/openapi.json)
#
# Typed clients, generated from the committed spec, built, and called live (make contract-clients):
#   1. generate (offline: inside a network namespace when the kernel allows it)
#      - TypeScript: openapi-typescript (types for openapi-fetch), @hey-api/openapi-ts (SDK);
#      - Python: openapi-python-client;
#      - Kotlin (jackson) and Swift 6: openapi-generator, which must succeed without errors and
#        keep both FeedbackItem outcomes (`accepted` and `overridden`) in the FeedbackItem model;
#   2. build: `tsc --strict` over both TypeScript clients and their consumers (ts/*.ts);
#      `mypy --strict` over the generated Python package and python/consumer.py;
#   3. call: BINARY is started on a free port (../with-server.sh) and each consumer posts a
#      profile, reads relief_plan.steps[0].action from the 200, and parses a 422 as a Problem.
# Kotlin and Swift are generated but not compiled: no Kotlin or Swift compiler (nor their
# Maven/SwiftPM dependencies) installs from the registries this project may use.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
if [[ $# -lt 1 ]]; then
  echo "usage: $0 BINARY [SPEC]" >&2
  exit 2
fi
binary="$(realpath "$1")"
spec="$(realpath "${2:-$repo/openapi/openapi.json}")"
"$here/setup.sh" >/dev/null
cd "$here"
export PATH="$here/.venv/bin:$PATH"
export CONTRACT_SPEC="$spec"
start=$SECONDS
step() { echo "clients: [$((SECONDS - start))s] $*"; }

# Generators run without a network when an unprivileged network namespace is available, which
# proves they download nothing; elsewhere they run as they are (they are still offline-capable).
offline=()
if unshare -rn true 2>/dev/null; then
  offline=(unshare -rn)
fi

rm -rf gen
mkdir -p gen/ts-openapi-fetch gen/python gen/logs

# openapi-generator (JVM) runs in the background while the others generate and build.
openapi_generator() {
  local name="$1" generator="$2" props="$3"
  "${offline[@]}" openapi-generator-cli generate -i "$spec" -g "$generator" -o "gen/$name" \
    --additional-properties="$props" >"gen/logs/$name.log" 2>&1
}
openapi_generator kotlin kotlin "serializationLibrary=jackson,enumUnknownDefaultCase=true,packageName=org.crampadvisor.client" &
kotlin_pid=$!
openapi_generator swift swift6 "projectName=CrampAdvisorClient" &
swift_pid=$!

step "generating TypeScript (openapi-typescript, @hey-api/openapi-ts) and Python (openapi-python-client) from $spec"
# openapi-typescript lints with the redocly.yaml of its working directory: run it from gen/.
(cd gen/ts-openapi-fetch && "${offline[@]}" ../../node_modules/.bin/openapi-typescript "$spec" --output api.d.ts >../logs/openapi-typescript.log 2>&1) ||
  { cat gen/logs/openapi-typescript.log; exit 1; }
"${offline[@]}" node_modules/.bin/openapi-ts -f openapi-ts.config.mjs >gen/logs/hey-api.log 2>&1 ||
  { cat gen/logs/hey-api.log; exit 1; }
(cd gen/python && "${offline[@]}" openapi-python-client generate --path "$spec" --meta none \
  --output-path cramp_advisor_client >../logs/openapi-python-client.log 2>&1) ||
  { cat gen/logs/openapi-python-client.log; exit 1; }
if grep -qiE "warning|error" gen/logs/openapi-python-client.log; then
  cat gen/logs/openapi-python-client.log
  echo "clients: openapi-python-client reported warnings or errors" >&2
  exit 1
fi

step "tsc --strict (TypeScript $(node_modules/.bin/tsc --version | awk '{print $2}'))"
node_modules/.bin/tsc -p tsconfig.json
step "mypy --strict ($(mypy --version | awk '{print $2}')) over the generated package and python/consumer.py"
mypy --config-file mypy.ini gen/python/cramp_advisor_client python/consumer.py

step "waiting for openapi-generator (kotlin, swift6)"
rc=0
for entry in "kotlin:$kotlin_pid" "swift:$swift_pid"; do
  name="${entry%%:*}"
  if ! wait "${entry##*:}"; then
    echo "clients: openapi-generator $name failed:" >&2
    cat "gen/logs/$name.log" >&2
    rc=1
    continue
  fi
  if grep -E "^\[[a-z]+\] ERROR|^Exception|Exception in thread|^[a-z.]+Exception:" "gen/logs/$name.log" >&2; then
    echo "clients: openapi-generator $name logged errors (gen/logs/$name.log)" >&2
    rc=1
  fi
  model="$(find "gen/$name" -path '*/models/*' -o -path '*/Models/*' | grep -E '/FeedbackItem\.(kt|swift)$' || true)"
  if [[ -z "$model" ]]; then
    echo "clients: openapi-generator $name made no FeedbackItem model" >&2
    rc=1
    continue
  fi
  kept=yes
  for outcome in accepted overridden; do
    if ! grep -q "\"$outcome\"" "$model"; then
      echo "clients: $name: $model lost the FeedbackItem outcome \"$outcome\" (it must keep both accepted and overridden)" >&2
      kept=NO
      rc=1
    fi
  done
  echo "clients: $name: $(find "gen/$name" -name '*.kt' -o -name '*.swift' | wc -l) files; FeedbackItem keeps accepted and overridden: $kept"
done
[[ $rc -eq 0 ]] || exit "$rc"

step "live calls against $binary"
"$here/../with-server.sh" "$binary" "$here/call.sh" @BASE_URL@
step "done: 4 clients generated and built, 3 called live (openapi-fetch, hey-api, python); Kotlin and Swift generated and checked, not compiled"
