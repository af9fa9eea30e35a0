#!/usr/bin/env bash
# Hostile soak (issue 12): the AOT injector under the corpus mix at a steady rate while issue 12's reproducers, at full
# size, are sent in a loop between the normal reviews; then normal load alone again. PASS (exit 0) when the process
# stays alive, every normal review is answered correctly (injected, patch applies) within 10 s, every hostile request
# gets its documented answer (docs/bad-input.md) and never a 500 or an internal error, /healthz answers throughout, and
# RSS returns within 10 % of its normal-load baseline. FAIL exits 1.
#
#   load/hostile-soak.sh [--minutes 5] [--rate 200] [--short] [--skip-publish] [--injector-binary PATH]
#                        [--max-connections 1000] [--name NAME]
#
# --minutes is the whole run: a fifth (60-120 s) of warm-up, three fifths hostile, a fifth (at least 45 s) recovery.
# --short: 60 s warm-up, one hostile cycle in a 90 s hostile phase, 45 s recovery (3.3 min).
# Writes load/results/soak-hostile-<name>.md (--short: artifacts/load/results/soak-hostile-short.md). The hostile
# steps and the report are load/lib/hostile_soak.py.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

command_line="$(env | { grep -E '^(DOTNET_GC|DOTNET_gc|INJECTOR_)' || true; } | sort | tr '\n' ' ')load/hostile-soak.sh $*"   # the server inherits these
minutes=5 rate=200 short=0 skip_publish=0 injector_bin="" max_connections=1000 name=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=${2:?}; shift 2 ;;
    --rate) rate=${2:?}; shift 2 ;;
    --short) short=1; shift ;;
    --skip-publish) skip_publish=1; shift ;;
    --injector-binary) injector_bin=${2:?}; shift 2 ;;
    --max-connections) max_connections=${2:?}; shift 2 ;;
    --name) name=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || die "--minutes must be a positive integer"
[[ "$rate" =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive integer"
[[ "$max_connections" =~ ^[1-9][0-9]*$ ]] || die "--max-connections must be a positive integer"

ensure_tools h2load jq curl python3
corpus="$ARTIFACTS/corpus"
"$LOAD_DIR/corpus/generate.sh" --out "$corpus" >&2
if [ -z "$injector_bin" ]; then
  [ "$skip_publish" = 1 ] || publish_aot src/Injector/Injector.csproj injector
  injector_bin="$ARTIFACTS/injector/injector"
fi
[ -x "$injector_bin" ] || die "no injector binary at $injector_bin"

if [ "$short" = 1 ]; then
  warmup=60 hostile=90 recovery=45 cycles=1 name=${name:-short}
  results="$ARTIFACTS/results"
else
  total=$(( minutes * 60 ))
  warmup=$(( total / 5 )); [ "$warmup" -ge 60 ] || warmup=60; [ "$warmup" -le 120 ] || warmup=120
  recovery=$(( total / 5 )); [ "$recovery" -ge 45 ] || recovery=45
  hostile=$(( total - warmup - recovery )); [ "$hostile" -ge 60 ] || hostile=60
  cycles=0
  name=${name:-$(date -u +%Y-%m-%d-%H%M)-$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo local)}
  results="$LOAD_DIR/results"
fi
work="$ARTIFACTS/soak-hostile-$name"
rm -rf "$work" && mkdir -p "$work" "$results"
# The flood holds up to --max-connections TLS connections: this shell needs that many descriptors, and so does the server.
ulimit -n "$(( max_connections * 2 + 1024 ))" 2>/dev/null || true

machine=$(machine_json | jq -c .)   # at the start: the date and load average the report gives are the run's start
port=$(free_port) mon=$(free_port)
start_server "$work/server.log" "$injector_bin" serve --listen 127.0.0.1 --monitoring-listen 127.0.0.1 \
  --port "$port" --monitoring-port "$mon" --max-connections "$max_connections"
pid=$SERVER_PID
wait_ready "$pid" "$mon" 30 || die "the injector did not become ready: $(tail -3 "$work/server.log")"
url="https://127.0.0.1:$port/inject?timeout=10s"
mapfile -t bodies <"$corpus/mix.txt"
for body in "${bodies[@]}"; do checked_answer_bytes "$port" "$corpus/$body" "$work/first-$body.answer" >/dev/null; done

seconds=$(( warmup + hostile + recovery ))
per_body=$(( rate / ${#bodies[@]} )); [ "$per_body" -ge 1 ] || per_body=1
log "normal load: $(( per_body * ${#bodies[@]} )) req/s (HTTP/2, corpus mix); warm-up ${warmup} s, hostile up to ${hostile} s, recovery ${recovery} s"
start_open_load "$seconds" "$url" "$work" "$corpus" "${bodies[@]/%/:$per_body}"
load_pids=("${LOAD_PIDS[@]}")
sleep 1   # h2load's connections are open before the flood can take the rest

python3 "$LOAD_DIR/lib/hostile_soak.py" run --port "$port" --mon "$mon" --pid "$pid" --corpus "$corpus" --work "$work" \
  --warmup "$warmup" --hostile "$hostile" --recovery "$recovery" --cycles "$cycles" --max-connections "$max_connections" \
  || log "the hostile driver failed (exit $?)"
for p in "${load_pids[@]}"; do wait "$p" 2>/dev/null || true; done

exit_status=alive
kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; exit_status="exited ($?)"; }
log_failures=$(grep -c '^fail:\|Unhandled exception\|SIGSEGV' "$work/server.log" || true)
out="$results/soak-hostile-$name.md"
rc=0
python3 "$LOAD_DIR/lib/hostile_soak.py" report --work "$work" --out "$out" --rate "$(( per_body * ${#bodies[@]} ))" \
  --machine "$machine" --command "$command_line" --max-connections "$max_connections" \
  --exit-status "$exit_status" --log-failures "$log_failures" --loadavg-end "$(cut -d' ' -f1-3 /proc/loadavg)" || rc=$?
log "results: $out (server log: $work/server.log)"
exit "$rc"
