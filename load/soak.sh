#!/usr/bin/env bash
# Soak: a fixed arrival rate at 50 % of the measured max for many minutes; RSS (and the GC heap from /metrics) sampled every 10 s. Passes (exit 0)
# when RSS after warm-up stays within 10 % (max vs min) and no request failed; exits 1 otherwise. Not for CI.
#
#   load/soak.sh [--minutes 10] [--rate REQ_PER_S] [--target injector|ceiling] [--skip-publish] [--name NAME]
#
# Load: one h2load process per body of the corpus mix, in parallel (HTTP/2, open model, --rps), so the big bodies
# are part of the soak; the rate is split evenly between them. Writes load/results/soak-<name>.md.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

minutes=10 rate="" target=injector skip_publish=0 name=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=${2:?}; shift 2 ;;
    --rate) rate=${2:?}; shift 2 ;;
    --target) target=${2:?}; shift 2 ;;
    --skip-publish) skip_publish=1; shift ;;
    --name) name=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || die "--minutes must be a positive integer"
[[ -z "$rate" || "$rate" =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive integer"
[[ "$target" = injector || "$target" = ceiling ]] || die "--target is injector or ceiling"
name=${name:-$(date -u +%Y-%m-%d-%H%M)-$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo local)-$target}

ensure_tools h2load jq curl python3
corpus="$ARTIFACTS/corpus"
"$LOAD_DIR/corpus/generate.sh" --out "$corpus" >&2
if [ "$skip_publish" = 0 ]; then
  if [ "$target" = injector ]; then publish_aot src/Injector/Injector.csproj injector
  else publish_aot load/Ceiling/Ceiling.csproj ceiling; fi
fi
work="$ARTIFACTS/soak-$name"
rm -rf "$work" && mkdir -p "$work" "$LOAD_DIR/results"

port=$(free_port) mon=$(free_port)
if [ "$target" = injector ]; then
  start_server "$work/server.log" "$ARTIFACTS/injector/injector" serve --listen 127.0.0.1 --monitoring-listen 127.0.0.1 --port "$port" --monitoring-port "$mon"
else
  start_server "$work/server.log" "$ARTIFACTS/ceiling/ceiling" --port "$port" --monitoring-port "$mon"
fi
pid=$SERVER_PID
wait_ready "$pid" "$mon" 30 || die "$target did not become ready: $(tail -3 "$work/server.log")"
url="https://127.0.0.1:$port/inject"
mapfile -t bodies <"$corpus/mix.txt"

if [ -z "$rate" ]; then
  log "measuring max throughput (10 s, all bodies in parallel)"
  max_pids=()
  for body in "${bodies[@]}"; do
    h2load -t1 -c1 -m8 -D 10 -H 'Content-Type: application/json' -d "$corpus/$body" "$url" >"$work/max-$body.txt" 2>&1 &
    max_pids+=($!)
  done
  for p in "${max_pids[@]}"; do wait "$p" || die "h2load failed while measuring the max"; done
  max=$(cat "$work"/max-*.txt | awk '/^finished in/ { gsub(",", "", $4); s += $4 } END { printf "%d", s }')
  rate=$(( max / 2 ))
  log "max ${max} req/s -> soak at ${rate} req/s"
fi
per_body=$(( rate / ${#bodies[@]} ))
[ "$per_body" -ge 1 ] || per_body=1
seconds=$(( minutes * 60 ))

log "soaking $target at $(( per_body * ${#bodies[@]} )) req/s for $minutes min"
start_open_load "$seconds" "$per_body" "$url" "$work" "$corpus" "${bodies[@]}"
load_pids=("${LOAD_PIDS[@]}")
samples="$work/rss.tsv"
: >"$samples"
start=$(date +%s)
# Bounded: one sample every 10 s until the load ends, never past its duration + 60 s.
for _ in $(seq $(( seconds / 10 + 6 ))); do
  echo "$(( $(date +%s) - start )) $(rss_kb "$pid") $(thread_count "$pid") $(gc_sample "$mon")" >>"$samples"
  alive=0
  for p in "${load_pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ "$alive" = 1 ] || break
  sleep 10
done
for p in "${load_pids[@]}"; do wait "$p" || true; done
kill -0 "$pid" 2>/dev/null || die "$target exited during the soak"

python3 "$LOAD_DIR/lib/soak_report.py" "$samples" "$work" "$target" "$(( per_body * ${#bodies[@]} ))" "$minutes" \
  "$(machine_json | jq -c .)" >"$LOAD_DIR/results/soak-$name.md"
log "results: $LOAD_DIR/results/soak-$name.md"
grep -E '^\*\*(PASS|FAIL)' "$LOAD_DIR/results/soak-$name.md"
grep -q '^\*\*PASS' "$LOAD_DIR/results/soak-$name.md"   # exit status: 0 on PASS, 1 on FAIL
