#!/usr/bin/env bash
# The sample on one machine: three workers and a client on 127.0.0.1. With ORCHESTRATION_POSTGRES set, it uses that
# database; otherwise it starts a throwaway PostgreSQL server from Debian's postgresql binaries (as the postgres user
# when run as root) and removes it afterwards.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build -c Release -v q -nologo > /dev/null
app=bin/Release/net10.0/Distributed.dll

work=$(mktemp -d)
pids=()
cleanup() {
  # Workers stop gently (they leave the cluster), before the database they leave it in; any still up after 20 s is killed.
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2> /dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2> /dev/null || true; done
  if [ -f "$work/pg/data/postmaster.pid" ]; then $as_pg "$bin/pg_ctl" -D "$work/pg/data" -m fast stop > /dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${ORCHESTRATION_POSTGRES:-}" ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql, or set ORCHESTRATION_POSTGRES"; exit 1; }
  as_pg=""
  mkdir -p "$work/pg"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$work"; as_pg="runuser -u postgres --"; fi
  # A free port: one nothing answers on.
  port=$((20000 + RANDOM % 20000))
  while (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do port=$((20000 + RANDOM % 20000)); done
  $as_pg "$bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > /dev/null
  $as_pg "$bin/pg_ctl" -w -D "$work/pg/data" -l "$work/pg/server.log" start \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work/pg -c max_connections=400" > /dev/null
  export ORCHESTRATION_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "throwaway PostgreSQL on 127.0.0.1:$port"
fi

for i in 1 2 3; do
  dotnet "$app" worker --name "worker-$i" --silo-port $((11110 + i)) --gateway-port $((30000 + i)) > "$work/worker-$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2 3; do
  until grep -q "is running" "$work/worker-$i.log"; do
    kill -0 "${pids[$((i - 1))]}" 2> /dev/null || { cat "$work/worker-$i.log"; exit 1; }
    sleep 0.5
  done
  cat "$work/worker-$i.log"
done

dotnet "$app" client --runs "${RUNS:-6}"
