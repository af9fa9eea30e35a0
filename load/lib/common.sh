# Shared helpers for load/*.sh (sourced). Every loop here is bounded; every process started is stopped on exit.
# shellcheck shell=bash

LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$LOAD_DIR/.." && pwd)
ARTIFACTS="$REPO_DIR/artifacts/load"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages behind the given commands when one is missing (root, apt-get).
ensure_tools() {
  local missing=() cmd pkg
  for cmd in "$@"; do
    case "$cmd" in
      h2load) pkg=nghttp2-client ;;
      *) pkg=$cmd ;;
    esac
    command -v "$cmd" >/dev/null || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Publishes a project AOT into $ARTIFACTS/<name>; fails on trim/AOT warnings like .ci/smoke.sh does.
publish_aot() {
  local project=$1 name=$2 out="$ARTIFACTS/$2" logf="$ARTIFACTS/$2-publish.log"
  mkdir -p "$ARTIFACTS"
  log "publishing $name (AOT)"
  if ! dotnet publish "$REPO_DIR/$project" -c Release -r linux-x64 -o "$out" >"$logf" 2>&1; then
    tail -30 "$logf" >&2
    die "publish of $project failed (log: $logf)"
  fi
  if grep -E 'warning IL[23][0-9]{3}' "$logf" >&2; then die "AOT/trim warnings in $name"; fi
}

# Writes the corpus and, unless skip_publish=1, publishes the ceiling and (when no --injector-binary was given) the
# injector. Reads skip_publish and injector_bin; sets corpus and injector_bin.
prepare_corpus_and_servers() {
  corpus="$ARTIFACTS/corpus"
  "$LOAD_DIR/corpus/generate.sh" --out "$corpus" >&2
  if [ "$skip_publish" = 0 ]; then
    [ -n "$injector_bin" ] || publish_aot src/Injector/Injector.csproj injector
    publish_aot load/Ceiling/Ceiling.csproj ceiling
  fi
  injector_bin=${injector_bin:-$ARTIFACTS/injector/injector}
}

# A free loopback TCP port (the machine is shared: fixed ports collide).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

STARTED_PIDS=()
stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}
trap stop_started EXIT

# start_server <log file> <command...>: starts it in the background; the pid is in $SERVER_PID.
start_server() {
  local logf=$1; shift
  "$@" >"$logf" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
}

# wait_ready <pid> <monitoring port> [timeout s]: polls /readyz until 200; fails if the process exits or time runs out.
wait_ready() {
  local pid=$1 port=$2 timeout=${3:-30} deadline
  deadline=$(( $(date +%s%N) + timeout * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/readyz")" = 200 ]; then
      return 0
    fi
    sleep 0.02
  done
  return 1
}

# checked_answer_bytes <port> <body file> <answer file>: POSTs the body to /inject, keeps the answer, fails unless
# the answer echoes the request's uid; prints the answer's size in bytes (what the ceiling is told to send).
checked_answer_bytes() {
  local port=$1 body=$2 answer=$3 bytes uid
  bytes=$(curl -sk -o "$answer" -w '%{size_download}' -X POST -H 'Content-Type: application/json' \
    --data-binary @"$body" "https://127.0.0.1:$port/inject")
  uid=$(jq -r .request.uid "$body")
  jq -e --arg uid "$uid" '.response.uid == $uid' "$answer" >/dev/null \
    || die "injector's answer to $(basename "$body") does not echo its uid: $(head -c 400 "$answer")"
  echo "$bytes"
}

# Stops one server this script started and forgets it (so the exit trap never signals a recycled pid).
stop_server() {
  local pid=$1 kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${STARTED_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}

# CPU time (user+system) of a process in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clock_ticks() { getconf CLK_TCK; }

# Resets the kernel's peak-RSS mark (VmHWM) so the next reading is the peak of the coming scenario.
reset_peak_rss() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }
peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
thread_count() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# gc_sample <monitoring port>: "heap_kb committed_kb gen0 gen1 gen2" from the runtime meter on /metrics (GC heap
# after the last collection, memory the GC has committed, collections so far); "- - - - -" when not exported.
gc_sample() {
  curl -s --max-time 2 "http://127.0.0.1:$1/metrics" 2>/dev/null | awk '
    /^dotnet_gc_last_collection_heap_size_bytes\{/ { heap += $NF; seen = 1 }
    /^dotnet_gc_last_collection_memory_committed_size_bytes\{/ { committed = $NF }
    /^dotnet_gc_collections_total\{/ { match($0, /gen[012]/); count[substr($0, RSTART, RLENGTH)] = $NF }
    END {
      if (!seen) { print "- - - - -"; exit }
      printf "%d %d %d %d %d\n", heap / 1024, committed / 1024, count["gen0"], count["gen1"], count["gen2"]
    }'
}

# The machine, for the results file: one JSON object.
machine_json() {
  local model mem kernel dotnet_v wrk_v h2_v commit
  model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  kernel=$(uname -r)
  dotnet_v=$(dotnet --version 2>/dev/null || echo unknown)
  wrk_v=$( (wrk -v 2>&1 || true) | head -1 | awk '{ print $2 }')
  h2_v=$( (h2load --version 2>&1 || true) | head -1 | awk '{ print $NF }')
  commit=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
  jq -n --arg cores "$(nproc)" --arg model "$model" --arg mem "$mem" --arg kernel "$kernel" \
    --arg dotnet "$dotnet_v" --arg wrk "$wrk_v" --arg h2load "$h2_v" --arg commit "$commit" \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg loadavg "$(cut -d" " -f1-3 /proc/loadavg)" \
    '{cores: $cores, cpu: $model, memory: $mem, kernel: $kernel, dotnet: $dotnet, wrk: $wrk, h2load: $h2load, commit: $commit, date: $date, loadavg: $loadavg}'
}

# Sets CHILD_CPU to the CPU seconds (user+system) used so far by this shell's finished children. Call it directly,
# never in $(...): `times` in a subshell sees the subshell's own, empty, child accounting.
children_cpu_seconds() {
  local f; f=$(mktemp)
  times >"$f"
  CHILD_CPU=$(awk 'NR == 2 { n = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); n += a[1] * 60 + a[2] } printf "%.3f", n }' "$f")
  rm -f "$f"
}

# start_open_load <seconds> <url> <work dir> <corpus dir> <body>:<req/s>...: one h2load per body in the
# background (HTTP/2, open model, one connection, 64 streams), logs in <work dir>; their pids in LOAD_PIDS (and in
# STARTED_PIDS, so an early exit stops them).
start_open_load() {
  local seconds=$1 url=$2 work=$3 corpus=$4 item body rate
  shift 4
  LOAD_PIDS=()
  for item in "$@"; do
    body=${item%:*} rate=${item##*:}
    h2load -t1 -c1 -m64 --rps="$rate" -D "$seconds" -H 'Content-Type: application/json' -d "$corpus/$body" \
      --log-file="$work/$body.log" "$url" >"$work/$body.out" 2>&1 &
    LOAD_PIDS+=($!)
    STARTED_PIDS+=($!)
  done
}
