#!/usr/bin/env bash
# Footprint of the AOT injector (and the ceiling server, for reference): binary size, time from exec to /readyz 200
# (median of N starts), idle RSS, peak RSS under load (wrk, corpus mix).
#
#   load/footprint.sh [--starts N] [--load-seconds S] [--skip-publish] [--injector-binary PATH] [--out FILE.md]
#
# Without --out, prints the markdown section. load/run.sh runs it and appends the section to its results file.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

starts=11 load_seconds=10 skip_publish=0 out="" injector_bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --starts) starts=${2:?}; shift 2 ;;
    --load-seconds) load_seconds=${2:?}; shift 2 ;;
    --skip-publish) skip_publish=1; shift ;;
    --injector-binary) injector_bin=$(realpath "${2:?}"); shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$starts" =~ ^[1-9][0-9]*$ && "$load_seconds" =~ ^[1-9][0-9]*$ ]] || die "--starts and --load-seconds take positive integers"

ensure_tools wrk jq curl python3
prepare_corpus_and_servers   # sets corpus and injector_bin
work=$(mktemp -d)

# server_command <target> <port> <monitoring port>: prints nothing, sets CMD.
server_command() {
  case "$1" in
    injector) CMD=("$injector_bin" serve --listen 127.0.0.1 --monitoring-listen 127.0.0.1 --port "$2" --monitoring-port "$3") ;;
    ceiling) CMD=("$ARTIFACTS/ceiling/ceiling" --port "$2" --monitoring-port "$3") ;;
  esac
}

# One start: sets START_MS (exec -> /readyz 200) and leaves the server running (SERVER_PID, PORT).
# Not called in $(...): the server must be this shell's child so that it is stopped on exit.
timed_start() {
  local target=$1 mon t0 t1
  PORT=$(free_port) mon=$(free_port)
  server_command "$target" "$PORT" "$mon"
  t0=$(date +%s%N)
  start_server "$work/$target.log" "${CMD[@]}"
  wait_ready "$SERVER_PID" "$mon" 30 || return 1
  t1=$(date +%s%N)
  START_MS=$(( (t1 - t0) / 1000000 ))
}

mib_of_file() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

rows=()
for target in ceiling injector; do
  binary="$ARTIFACTS/ceiling/ceiling"
  [ "$target" = injector ] && binary=$injector_bin
  [ -x "$binary" ] || { log "$target: no binary at $binary"; continue; }
  times_ms=()
  ok=1
  for _ in $(seq "$starts"); do
    if ! timed_start "$target"; then
      ok=0; stop_server "$SERVER_PID"; break
    fi
    times_ms+=("$START_MS")
    stop_server "$SERVER_PID"
  done
  if [ "$ok" = 0 ]; then
    log "$target did not become ready: $(tail -3 "$work/$target.log" | tr '\n' ' ')"
    rows+=("| $target | $(mib_of_file "$binary") MiB | did not start | | |")
    continue
  fi
  median=$(printf '%s\n' "${times_ms[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  timed_start "$target" || die "$target did not become ready"
  sleep 2
  idle=$(rss_kb "$SERVER_PID")
  reset_peak_rss "$SERVER_PID"
  wrk -t1 -c32 -d"${load_seconds}s" -s "$LOAD_DIR/lib/wrk-corpus.lua" "https://127.0.0.1:$PORT" -- "$corpus" >"$work/$target-wrk.out" 2>&1 \
    || die "wrk failed against $target: $(tail -3 "$work/$target-wrk.out")"
  loaded=$(peak_rss_kb "$SERVER_PID")
  stop_server "$SERVER_PID"
  rows+=("| $target | $(mib_of_file "$binary") MiB | $median ms (min $(printf '%s\n' "${times_ms[@]}" | sort -n | head -1), max $(printf '%s\n' "${times_ms[@]}" | sort -n | tail -1)) | $(awk -v k="$idle" 'BEGIN { printf "%.1f", k / 1024 }') MiB | $(awk -v k="$loaded" 'BEGIN { printf "%.1f", k / 1024 }') MiB |")
done
rm -rf "$work"

section=$(
  echo "## Footprint"
  echo
  echo "Start = exec to the first 200 from /readyz, median of $starts starts (polled with curl every 20 ms, so ±20 ms)."
  echo "Idle RSS 2 s after ready; peak RSS (VmHWM) during $load_seconds s of wrk, 32 connections, corpus mix."
  echo "Load average when measured: $(cut -d' ' -f1-3 /proc/loadavg) (on a busy machine start times stretch)."
  echo
  echo "| server | binary | start to ready | idle RSS | peak RSS under load |"
  echo "|---|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
)
if [ -n "$out" ]; then echo "$section" >"$out"; else echo "$section"; fi
