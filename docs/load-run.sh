#!/usr/bin/env bash
# The load run behind the README's "Measured" figures (issue #13): /api/ask and Teams
# /api/messages at 50 concurrent clients, against one worker (SQLite) and against three workers
# (one PostgreSQL) behind the load client's round-robin. Workers run on WORKER_CPUS, the load
# client on CLIENT_CPUS (taskset), everything on loopback; every process it starts is stopped at
# the end. Each fresh worker first gets WARM_SECONDS (default 60) of unmeasured /api/ask load: a
# new process spends tens of seconds of CPU compiling its hot code (tiered JIT with PGO) before it
# runs at its steady cost, and that warm-up is reported on its own line rather than spread over the
# measured requests. Workers that share the worker CPUs share that compiling too: the cluster
# phase warms for CLUSTER_WARM_SECONDS (default WARM_SECONDS times its three workers), so each gets
# about the CPU one worker gets alone. Teams runs twice: closed loop (50 clients sending as fast as
# they are acknowledged: more than one worker can answer, so the backlog fills and back-pressure answers 503)
# and open loop at TEAMS_RATE activities/s (default 60), a load the worker keeps up with, for the
# reply latency. Usage: bash docs/load-run.sh [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
worker_cpus=${WORKER_CPUS:-0}
client_cpus=${CLIENT_CPUS:-1}
clients=${CLIENTS:-50}
warm_seconds=${WARM_SECONDS:-60}
cluster_warm_seconds=${CLUSTER_WARM_SECONDS:-$((warm_seconds * 3))}
teams_rate=${TEAMS_RATE:-60}

dotnet build -c Release src/ChatBot.Host >/dev/null
host=src/ChatBot.Host/bin/Release/net10.0/ChatBot.Host.dll
work=$(mktemp -d /tmp/chatbot-load-XXXXXX)
chmod 711 "$work" # the postgres user must reach its folder inside
pids=()
pg_bin=""

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pg_bin" ]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_postgres() {
  pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  mkdir -p "$work/pg"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$work/pg"; fi
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U chatbot --auth=trust -E UTF8 --locale=C --no-sync >/dev/null
  pg_port=$(free_port)
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  as_pg psql -h 127.0.0.1 -p "$pg_port" -U chatbot -d postgres -qc "CREATE DATABASE chatbot" >/dev/null
  connection="Host=127.0.0.1;Port=$pg_port;Username=chatbot;Database=chatbot"
}

# start_worker NAME [KEY=VALUE ...]: sets worker_url once /readyz says ready.
start_worker() {
  local name=$1; shift
  local port; port=$(free_port)
  mkdir -p "$work/$name"
  env "$@" Urls="http://127.0.0.1:$port" ChatBot__Data__Path="$work/$name" \
    ChatBot__Semantic__Enabled=false ChatBot__Sources__FetchInterval=00:00:00 \
    Teams__AppId= Teams__AppPassword= Discord__Token= \
    Logging__LogLevel__Default=Warning DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
    taskset -c "$worker_cpus" dotnet "$host" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 360); do
    if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then worker_url="http://127.0.0.1:$port"; return; fi
    sleep 0.5
  done
  echo "worker $name did not get ready; its log:" >&2; cat "$work/$name.log" >&2; exit 1
}

# span SECONDS: as hh:mm:ss (the load command's --duration; "00:00:90" is not a time span).
span() { printf '%02d:%02d:%02d' $(($1 / 3600)) $(($1 % 3600 / 60)) $(($1 % 60)); }

# cpu_ms PID...: user+system CPU time the processes have used so far, in milliseconds.
cpu_ms() {
  local ticks=0 hz; hz=$(getconf CLK_TCK)
  for pid in "$@"; do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo $((ticks * 1000 / hz))
}

# ask_load SECONDS PID... -- URL...: /api/ask load without warm-up; sets ask_out (the client's report),
# ask_requests (requests answered), ask_cpu_before and ask_cpu (the workers' CPU before and during it, ms).
ask_load() {
  local duration=$1; shift
  local workers=() targets=()
  while [ "$1" != "--" ]; do workers+=("$1"); shift; done; shift
  for url in "$@"; do targets+=(--target "$url"); done
  ask_cpu_before=$(cpu_ms "${workers[@]}")
  ask_out=$(taskset -c "$client_cpus" dotnet "$host" load --kind ask --clients "$clients" --duration "$(span "$duration")" --warmup 00:00:00 "${targets[@]}" || true)
  ask_cpu=$(( $(cpu_ms "${workers[@]}") - ask_cpu_before ))
  ask_requests=$(printf '%s\n' "$ask_out" | sed -n 's/.* s: \([0-9]*\) requests.*/\1/p')
}

# cpu_per_ask PID... -- URL...: a second /api/ask run without warm-up, divided into the workers' CPU time.
cpu_per_ask() {
  ask_load "$seconds" "$@"
  echo "$ask_out"
  if [ -n "$ask_requests" ] && [ "$ask_requests" -gt 0 ]; then
    python3 -c "print(f'worker CPU: {$ask_cpu} ms for $ask_requests requests = {$ask_cpu / $ask_requests:.2f} ms per /api/ask (all workers together)')"
  fi
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# warm_up PID... -- URL...: unmeasured /api/ask load until the JIT has compiled the hot code; prints what it cost.
warm_up() {
  ask_load "$warm_seconds" "$@"
  echo "warm-up (not measured): ${ask_requests:-0} requests in ${warm_seconds} s, worker CPU $ask_cpu ms (plus $ask_cpu_before ms from start to ready)"
}

load() { # load KIND RATE URL... (RATE 0: closed loop)
  local kind=$1 rate=$2; shift 2
  local targets=()
  for url in "$@"; do targets+=(--target "$url"); done
  taskset -c "$client_cpus" dotnet "$host" load --kind "$kind" --clients "$clients" --rate "$rate" --duration "$(span "$seconds")" --warmup 00:00:05 "${targets[@]}" || true
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), workers on CPU $worker_cpus, load client on CPU $client_cpus"

start_worker single
warm_up "${pids[-1]}" -- "$worker_url"
load ask 0 "$worker_url"
cpu_per_ask "${pids[-1]}" -- "$worker_url"
load teams 0 "$worker_url"
load teams "$teams_rate" "$worker_url"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

start_postgres
store=(ChatBot__Store__Provider=postgres "ConnectionStrings__ChatBot=$connection")
urls=()
for name in w1 w2 w3; do start_worker "$name" "${store[@]}"; urls+=("$worker_url"); done
warm_seconds=$cluster_warm_seconds
warm_up "${pids[@]: -3}" -- "${urls[@]}"
load ask 0 "${urls[@]}"
cpu_per_ask "${pids[@]: -3}" -- "${urls[@]}"
load teams 0 "${urls[@]}"
load teams "$teams_rate" "${urls[@]}"
