#!/usr/bin/env bash
# Load test: the AOT injector and the ceiling server (same transport, no work) under identical load, one after the
# other, in the same run. Writes load/results/<name>.md (+ .svg chart, + .jsonl raw records).
#
#   load/run.sh [--duration S] [--connections N] [--smoke] [--name NAME] [--require-injector] [--skip-publish]
#               [--injector-binary PATH]
#
# --smoke: 3 s per scenario, 8 connections, no footprint; writes to artifacts/load/results/ and only checks that
#          every scenario ran and produced numbers (nothing about speed). For CI.
# --require-injector: fail if `injector serve` does not become ready (otherwise only the ceiling is measured).
# --injector-binary: use this published injector instead of publishing one (e.g. artifacts/publish/injector in CI).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

duration=20 connections=32 smoke=0 name="" require_injector=0 skip_publish=0 injector_bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=${2:?}; shift 2 ;;
    --connections) connections=${2:?}; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --name) name=${2:?}; shift 2 ;;
    --require-injector) require_injector=1; shift ;;
    --skip-publish) skip_publish=1; shift ;;
    --injector-binary) injector_bin=$(realpath "${2:?}"); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$duration" =~ ^[1-9][0-9]*$ ]] || die "--duration must be a positive integer (seconds)"
[[ "$connections" =~ ^[1-9][0-9]*$ ]] || die "--connections must be a positive integer"
results_dir="$LOAD_DIR/results"
if [ "$smoke" = 1 ]; then
  duration=3 connections=8 results_dir="$ARTIFACTS/results"
  name=${name:-smoke}
fi
name=${name:-$(date -u +%Y-%m-%d-%H%M)-$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo local)}
work="$ARTIFACTS/run-$name"
rm -rf "$work" && mkdir -p "$work" "$results_dir"
records="$work/records.jsonl"
: >"$records"

ensure_tools wrk h2load jq curl python3
prepare_corpus_and_servers   # sets corpus and injector_bin
machine_json >"$work/machine.json"

# --- start the injector (embedded default revision) and measure its answer to the fixture
declare -A PORT PID
inj_port=$(free_port) inj_mon=$(free_port)
start_server "$work/injector.log" "$injector_bin" serve --listen 127.0.0.1 --monitoring-listen 127.0.0.1 --port "$inj_port" --monitoring-port "$inj_mon"
response_bytes=8000   # when the injector is missing: the naive baseline's answer to the fixture (Istio-sized patch) is ~8 KB
if wait_ready "$SERVER_PID" "$inj_mon" 30; then
  PORT[injector]=$inj_port PID[injector]=$SERVER_PID
  response_bytes=$(checked_answer_bytes "$inj_port" "$corpus/fixture.json" "$work/fixture-response.json")
  log "injector ready on :$inj_port; its answer to the fixture is $response_bytes bytes"
else
  log "injector did not become ready; last log lines:"; tail -5 "$work/injector.log" >&2 || true
  stop_server "$SERVER_PID"
  [ "$require_injector" = 1 ] && die "injector is required (--require-injector)"
  log "measuring the ceiling only"
fi

ceil_port=$(free_port) ceil_mon=$(free_port)
start_server "$work/ceiling.log" "$ARTIFACTS/ceiling/ceiling" --port "$ceil_port" --monitoring-port "$ceil_mon" \
  --response-bytes "$response_bytes"
wait_ready "$SERVER_PID" "$ceil_mon" 30 || die "ceiling server did not become ready: $(tail -5 "$work/ceiling.log")"
PORT[ceiling]=$ceil_port PID[ceiling]=$SERVER_PID
targets=(ceiling)
[ -n "${PID[injector]:-}" ] && targets+=(injector)

# measure <scenario> <target> <settings text> <tool: wrk|h2load> <command...>: runs one load, appends one record.
measure() {
  local scenario=$1 target=$2 settings=$3 tool=$4; shift 4
  local pid=${PID[$target]} out="$work/$scenario-$target.out" logf="$work/$scenario-$target.log"
  local c0 c1 t0 t1 g0 g1 record
  rm -f "$logf"   # h2load appends to its log file
  reset_peak_rss "$pid"
  children_cpu_seconds; g0=$CHILD_CPU; c0=$(cpu_ticks "$pid"); t0=$(date +%s%N)
  "$@" >"$out" 2>&1 || die "$tool failed for $scenario/$target: $(tail -5 "$out")"
  c1=$(cpu_ticks "$pid"); t1=$(date +%s%N); children_cpu_seconds; g1=$CHILD_CPU
  kill -0 "$pid" 2>/dev/null || die "$target exited during $scenario"
  if [ "$tool" = wrk ]; then record=$(python3 "$LOAD_DIR/lib/report.py" wrk "$out")
  else record=$(python3 "$LOAD_DIR/lib/report.py" h2load "$out" "$logf"); fi
  jq -c --arg s "$scenario" --arg t "$target" --arg settings "$settings" \
    --argjson cpu "$(awk -v c=$((c1 - c0)) -v hz="$(clock_ticks)" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", c / hz / (ns / 1e9) * 100 }')" \
    --argjson rss "$(peak_rss_kb "$pid")" \
    --argjson gen "$(awk -v a="$g0" -v b="$g1" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", (b - a) / (ns / 1e9) * 100 }')" \
    '. + {scenario: $s, target: $t, settings: $settings, cpu_pct: $cpu, peak_rss_kb: $rss, generator_cpu_pct: $gen}' <<<"$record" >>"$records"
  log "$scenario/$target: $(jq -r '"\(.rps) req/s, p99 \(.latency_us["99"]) us, errors \(.errors)"' <<<"$record")"
}

warmup=$(( smoke ? 0 : 2 ))
h2_clients=$(( connections >= 8 ? connections / 8 : 1 ))
h2_streams=$(( connections / h2_clients ))

# 1. HTTP/1.1 keep-alive, closed loop, corpus mix (the API server's protocol for service-referenced webhooks).
for t in "${targets[@]}"; do
  url="https://127.0.0.1:${PORT[$t]}"
  [ "$warmup" -gt 0 ] && wrk -t1 -c"$connections" -d"${warmup}s" -s "$LOAD_DIR/lib/wrk-corpus.lua" "$url" -- "$corpus" >/dev/null 2>&1
  measure h1-mix-max "$t" "wrk, 1 thread, $connections connections, ${duration} s, bodies rotated through $(paste -sd' ' "$corpus/mix.txt")." wrk \
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s -s "$LOAD_DIR/lib/wrk-corpus.lua" "$url" -- "$corpus"
done

# 2. HTTP/1.1 keep-alive, closed loop, the kube-apiserver fixture only: the production path with its typical body
#    (the mix above includes a 170 KB pod whose parsing alone costs more than the ceiling's whole request).
echo fixture.json >"$corpus/fixture-only.txt"
for t in "${targets[@]}"; do
  url="https://127.0.0.1:${PORT[$t]}"
  [ "$warmup" -gt 0 ] && wrk -t1 -c"$connections" -d"${warmup}s" -s "$LOAD_DIR/lib/wrk-corpus.lua" "$url" -- "$corpus" fixture-only.txt >/dev/null 2>&1
  measure h1-fixture-max "$t" "wrk, 1 thread, $connections connections, ${duration} s, body: the apiserver fixture." wrk \
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s -s "$LOAD_DIR/lib/wrk-corpus.lua" "$url" -- "$corpus" fixture-only.txt
done

# 3. HTTP/2, closed loop, the kube-apiserver fixture (h2load sends one body).
for t in "${targets[@]}"; do
  measure h2-fixture-max "$t" "h2load, $h2_clients connections x $h2_streams streams, ${duration} s (+${warmup} s warm-up), body: the apiserver fixture." h2load \
    h2load -t1 -c"$h2_clients" -m"$h2_streams" -D "$duration" --warm-up-time="${warmup}s" -H 'Content-Type: application/json' \
    -d "$corpus/fixture.json" --log-file="$work/h2-fixture-max-$t.log" "https://127.0.0.1:${PORT[$t]}/inject"
done

# 4. HTTP/2 open model: a fixed arrival rate at 50 % of the measured max (the injector's when present), same for both.
base=$(jq -s -r --arg t "${targets[-1]}" 'map(select(.scenario == "h2-fixture-max" and .target == $t))[0].rps' "$records")
open_clients=$h2_clients
per_client=$(awk -v r="$base" -v c="$open_clients" 'BEGIN { v = int(r / 2 / c); print (v < 1 ? 1 : v) }')
for t in "${targets[@]}"; do
  measure h2-fixture-open "$t" "h2load --rps, $open_clients connections x $per_client req/s = $((per_client * open_clients)) req/s (50 % of the ${targets[-1]}'s HTTP/2 max), up to 64 streams each, ${duration} s, body: the apiserver fixture." h2load \
    h2load -t1 -c"$open_clients" -m64 --rps="$per_client" -D "$duration" -H 'Content-Type: application/json' \
    -d "$corpus/fixture.json" --log-file="$work/h2-fixture-open-$t.log" "https://127.0.0.1:${PORT[$t]}/inject"
done
stop_started

extras=()
if [ "$smoke" = 0 ]; then
  "$LOAD_DIR/footprint.sh" --skip-publish --injector-binary "$injector_bin" --out "$work/footprint.md" && extras+=(--extra "$work/footprint.md")
fi
python3 "$LOAD_DIR/lib/report.py" render "$records" "$work/machine.json" "$results_dir/$name.md" "$results_dir/$name.svg" "${extras[@]}"
cp "$records" "$results_dir/$name.jsonl"

# Smoke check: every scenario ran against every target and produced numbers.
expected=$(( 4 * ${#targets[@]} ))
jq -s -e --argjson n "$expected" 'length == $n and all(.[]; .requests > 0 and .rps > 0 and .latency_us["50"] > 0)' "$records" >/dev/null \
  || die "some scenario produced no numbers (see $records)"
log "results: $results_dir/$name.md, $results_dir/$name.svg"
echo "load: ${#targets[@]} servers x 4 scenarios measured -> $results_dir/$name.md"
