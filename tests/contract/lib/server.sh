# shellcheck shell=bash
# Sourced by the contract scripts: start the service binary on a free loopback port, wait for
# /readyz, and stop it again. After `contract_start_server BINARY`, BASE_URL is set
# (http://127.0.0.1:PORT) and an EXIT trap stops the server.
#
# The port is chosen by the service itself (APP_PORT=0) and read back from its JSON start-up log
# line ({"message":"cramp-advisor listening","port":NNNN,...}), so there is no window in which
# another process can take a port we picked. The server log goes to CONTRACT_SERVER_LOG
# (default: a temp file), printed on failure.

CONTRACT_SERVER_PID=""
CONTRACT_SERVER_LOG="${CONTRACT_SERVER_LOG:-}"

# Traffic to the server under test never goes through a proxy, whatever the environment says.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"

contract_stop_server() {
  if [[ -n "$CONTRACT_SERVER_PID" ]] && kill -0 "$CONTRACT_SERVER_PID" 2>/dev/null; then
    kill -TERM "$CONTRACT_SERVER_PID" 2>/dev/null || true
    # Graceful shutdown; in-flight requests are short, so 10 s is plenty before SIGKILL.
    for _ in $(seq 1 100); do
      kill -0 "$CONTRACT_SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$CONTRACT_SERVER_PID" 2>/dev/null || true
    wait "$CONTRACT_SERVER_PID" 2>/dev/null || true
  fi
  CONTRACT_SERVER_PID=""
}

# Returns non-zero (and prints the end of the server log) when the server is no longer running:
# called after a test run, so a crash or a stray signal during the run is never silent.
contract_check_server_alive() {
  if [[ -n "$CONTRACT_SERVER_PID" ]] && kill -0 "$CONTRACT_SERVER_PID" 2>/dev/null; then
    return 0
  fi
  echo "contract: the server (pid ${CONTRACT_SERVER_PID:-?}) is no longer running; end of its log ($CONTRACT_SERVER_LOG):" >&2
  tail -n 20 "$CONTRACT_SERVER_LOG" >&2 || true
  return 1
}

contract_start_server() {
  local binary="$1"
  if [[ ! -x "$binary" ]]; then
    echo "contract: server binary '$binary' not found or not executable (build it first: cargo build --bin cramp-advisor)" >&2
    return 2
  fi
  if [[ -z "$CONTRACT_SERVER_LOG" ]]; then
    CONTRACT_SERVER_LOG="$(mktemp -t cramp-advisor-contract.XXXXXX.log)"
  fi
  : >"$CONTRACT_SERVER_LOG"
  # The contract suites call the CDS services with the documented examples, which carry no
  # signed JWT: CDS Hooks JWT verification is off unless the caller turns it on (`make probe`).
  APP_HOST=127.0.0.1 APP_PORT=0 APP_LOG_FORMAT=json RUST_LOG="${CONTRACT_RUST_LOG:-warn,cramp_advisor=info}" \
    APP_CDS_JWT="${APP_CDS_JWT:-off}" "$binary" >"$CONTRACT_SERVER_LOG" 2>&1 &
  CONTRACT_SERVER_PID=$!
  trap contract_stop_server EXIT
  trap 'contract_stop_server; exit 130' INT
  trap 'contract_stop_server; exit 143' TERM

  local port=""
  for _ in $(seq 1 300); do # up to 30 s
    if ! kill -0 "$CONTRACT_SERVER_PID" 2>/dev/null; then
      echo "contract: the server exited during start-up; its log:" >&2
      cat "$CONTRACT_SERVER_LOG" >&2
      return 1
    fi
    port="$(grep -a -m1 'cramp-advisor listening' "$CONTRACT_SERVER_LOG" | grep -a -oE '"port":[0-9]+' | head -n1 | cut -d: -f2 || true)"
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  if [[ -z "$port" ]]; then
    echo "contract: no 'cramp-advisor listening' log line with a port after 30 s; server log:" >&2
    cat "$CONTRACT_SERVER_LOG" >&2
    return 1
  fi
  BASE_URL="http://127.0.0.1:${port}"
  export BASE_URL
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null --max-time 2 "$BASE_URL/readyz" 2>/dev/null; then
      echo "contract: server pid $CONTRACT_SERVER_PID ready at $BASE_URL (log: $CONTRACT_SERVER_LOG)" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "contract: $BASE_URL/readyz never answered 2xx; server log:" >&2
  cat "$CONTRACT_SERVER_LOG" >&2
  return 1
}
