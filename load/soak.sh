#!/usr/bin/env bash
# Soak: a fixed arrival rate at 50 % of the measured max for many minutes; RSS (and the GC heap from /metrics) sampled every 10 s. Passes (exit 0)
# when RSS after warm-up stays within 10 % (max vs min) and no request failed; exits 1 otherwise. Not for CI.
#
#   load/soak.sh [--minutes 10] [--rate REQ_PER_S] [--target injector|ceiling] [--skip-publish] [--name NAME]
#
# Load: one h2load process per body of the corpus mix, in parallel (HTTP/2, open model, --rps), so the big bodies
# are part of the soak; each body at half the rate it reached in the max run (all bodies in parallel, 10 s), or with
# --rate the rate split evenly. Writes load/results/soak-<name>.md.
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

# Each body's rate: half of what it reached in the max run, so every body is at 50 % (an even split sent the
# 167 KB body faster than it had gone at full load: the server queued, 2026-12-06). With --rate: split evenly.
loads=()
if [ -z "$rate" ]; then
  log "measuring max throughput (10 s, all bodies in parallel)"
  max_pids=()
  for body in "${bodies[@]}"; do
    h2load -t1 -c1 -m8 -D 10 -H 'Content-Type: application/json' -d "$corpus/$body" "$url" >"$work/max-$body.txt" 2>&1 &
    max_pids+=($!)
  done
  for p in "${max_pids[@]}"; do wait "$p" || die "h2load failed while measuring the max"; done
  max=0 rate=0
  for body in "${bodies[@]}"; do
    body_max=$(awk '/^finished in/ { gsub(",", "", $4); printf "%d", $4 }' "$work/max-$body.txt")
    [ -n "$body_max" ] || die "no rate in $work/max-$body.txt"
    half=$(( body_max / 2 > 0 ? body_max / 2 : 1 ))
    loads+=("$body:$half") max=$(( max + body_max )) rate=$(( rate + half ))
  done
  log "max ${max} req/s -> soak at ${rate} req/s ($(printf '%s ' "${loads[@]}"))"
else
  per_body=$(( rate / ${#bodies[@]} ))
  [ "$per_body" -ge 1 ] || per_body=1
  loads=("${bodies[@]/%/:$per_body}") rate=$(( per_body * ${#bodies[@]} ))
fi
seconds=$(( minutes * 60 ))

log "soaking $target at $rate req/s for $minutes min"
start_open_load "$seconds" "$url" "$work" "$corpus" "${loads[@]}"
load_pids=("${LOAD_PIDS[@]}")
samples="$work/rss.tsv"
: >"$samples"
start=$(date +%s)
# Bounded: one sample every 10 s while the load runs (a sample after it ended would count idle memory as the
# load's), never past its duration + 60 s.
for _ in $(seq $(( seconds / 10 + 6 ))); do
  alive=0
  for p in "${load_pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ "$alive" = 1 ] || break
  echo "$(( $(date +%s) - start )) $(rss_kb "$pid") $(thread_count "$pid") $(gc_sample "$mon")" >>"$samples"
  sleep 10
done
for p in "${load_pids[@]}"; do wait "$p" || true; done
kill -0 "$pid" 2>/dev/null || die "$target exited during the soak"

python3 "$LOAD_DIR/lib/soak_report.py" "$samples" "$work" "$target" "$rate" "$minutes" \
  "$(machine_json | jq -c .)" >"$LOAD_DIR/results/soak-$name.md"
log "results: $LOAD_DIR/results/soak-$name.md"
grep -E '^\*\*(PASS|FAIL)' "$LOAD_DIR/results/soak-$name.md"
grep -q '^\*\*PASS' "$LOAD_DIR/results/soak-$name.md"   # exit status: 0 on PASS, 1 on FAIL
