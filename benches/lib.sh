# Shared by the load and profile scripts in benches/ (sourced, not run): starting the server as
# deployed and the wrk scripts that post the published examples.

# start_server BIN: starts BIN on a free loopback port, logging as deployed (JSON, info: one
# access line per request) into /dev/null, rate limits and CDS authentication off; sets PID,
# BASE, WORK (a temporary folder) and READY_MS (start to the first 200 from /readyz), and stops
# the server and removes WORK on exit.
start_server() {
  local port start_ns
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start_ns=$(date +%s%N)
  APP_PORT=$port APP_LOG_FORMAT=json RUST_LOG=info APP_RATE_LIMIT_PER_MINUTE=0 APP_CDS_JWT=off "$1" >/dev/null 2>&1 &
  PID=$!
  WORK=$(mktemp -d)
  trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.005; done
  READY_MS=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  BASE="http://127.0.0.1:$port"
}

# post_script FILE > script.lua: a wrk script posting FILE (a published example), compacted.
post_script() {
  python3 - "$1" <<'PY'
import json, sys
body = json.dumps(json.load(open(sys.argv[1])), separators=(",", ":"))
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.body = ' + json.dumps(body))
PY
}

# The server's CPU time so far (user + system), in clock ticks; TICK ticks make a second.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
TICK=$(getconf CLK_TCK)
