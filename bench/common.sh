# Shared by the benchmark scripts: start and stop `kaixu serve` (binary in $kaixu, logs in $work).

# Starts `kaixu serve` for the current environment; sets $server_pid and $port.
start_server() {
  "$kaixu" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    port=$(grep -oE "listening on http://127\.0\.0\.1:[0-9]+" "$work/server.log" | grep -oE "[0-9]+$" || true)
    [ -n "$port" ] && return
    sleep 0.1
  done
  cat "$work/server.log"; exit 1
}

stop_server() { kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; }
