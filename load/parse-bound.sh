#!/usr/bin/env bash
# What parsing alone costs over HTTP: the fixture scenarios of run.sh (closed loop; wrk for HTTP/1.1, h2load for
# HTTP/2) against four
# servers, in alternating rounds: the ceiling (reads the body, fixed answer), the ceiling that also tokenises every
# byte with Utf8JsonReader (`--parse reader`, the least a server that rejects malformed JSON must do), the ceiling
# that builds a JsonDocument (`--parse document`, as the injector does), and the injector. Writes
# load/results/parse-bound-<name>.md with the median of the rounds.
#
#   load/parse-bound.sh [--protocol h1|h2] [--body FILE | --mix] [--duration S] [--rounds N] [--connections N]
#                       [--name NAME] [--skip-publish] [--injector-binary PATH] [--smoke] [--no-pin]
#
# Pinned by default (2 cores or more): every server runs on core 0 and the load generator on core 1 (taskset), so the
# server's rate does not depend on how the scheduler shares cores with wrk/h2load; --no-pin lets both float.
# --body: send this AdmissionReview instead of the corpus fixture (e.g. a compact capture from fixtures/apiserver/).
# --mix: HTTP/1.1 only (h2load sends one body): rotate through the corpus mix as run.sh does; every ceiling answers
#        the mean size of the injector's answers to the mix's bodies.
# --smoke: 2 s, one round, 8 connections, result in artifacts/load/results/ (CI: the script works; nothing on speed).
# --connections: in-flight requests (HTTP/1.1 connections; for HTTP/2, N/8 connections x 8 streams, as run.sh).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

protocol=h1 body_file="" mix=0 duration=15 rounds=3 connections=32 name="" skip_publish=0 injector_bin="" smoke=0 pin=1
while [ $# -gt 0 ]; do
  case "$1" in
    --protocol) protocol=${2:?}; shift 2 ;;
    --body) body_file=$(realpath "${2:?}"); shift 2 ;;
    --mix) mix=1; shift ;;
    --duration) duration=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    --connections) connections=${2:?}; shift 2 ;;
    --name) name=${2:?}; shift 2 ;;
    --skip-publish) skip_publish=1; shift ;;
    --injector-binary) injector_bin=$(realpath "${2:?}"); shift 2 ;;
    --smoke) smoke=1; shift ;;
    --no-pin) pin=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
for n in "$duration" "$rounds" "$connections"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "options take positive integers"; done
case "$protocol" in h1|h2) ;; *) die "--protocol is h1 or h2" ;; esac
[ "$mix" = 1 ] && [ "$protocol" = h2 ] && die "--mix is HTTP/1.1 only: h2load sends one body"
[ "$mix" = 1 ] && [ -n "$body_file" ] && die "--mix and --body exclude each other"
results_dir="$LOAD_DIR/results"
if [ "$smoke" = 1 ]; then
  duration=2 rounds=1 connections=8 results_dir="$ARTIFACTS/results"
  name=${name:-smoke}
fi
h2_clients=$(( connections / 8 > 0 ? connections / 8 : 1 ))
mkdir -p "$results_dir"
name=${name:-$(date -u +%Y-%m-%d-%H%M)-$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo local)}
out="$results_dir/parse-bound-$protocol-$name.md"
work="$ARTIFACTS/parse-bound-$protocol-$name"
rm -rf "$work" && mkdir -p "$work"

ensure_tools wrk h2load jq curl python3
server_cpu=() load_cpu=() placement="server and load generator unpinned"
if [ "$pin" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  command -v taskset >/dev/null || die "taskset (util-linux) is needed for pinning; or pass --no-pin"
  server_cpu=(taskset -c 0) load_cpu=(taskset -c 1) placement="server pinned to core 0, load generator to core 1"
fi
prepare_corpus_and_servers   # sets corpus and injector_bin
body_label="the apiserver fixture"
echo fixture.json >"$corpus/fixture-only.txt"   # wrk's script reads the bodies to send from a list file
bodies=fixture-only.txt
if [ "$mix" = 1 ]; then
  bodies=mix.txt body_label="the corpus mix, rotated ($(paste -sd' ' "$corpus/mix.txt"))"
fi
if [ -n "$body_file" ]; then
  # wrk's script reads bodies from a directory with a list file: give it one holding only this body.
  [ -f "$body_file" ] || die "--body $body_file: no such file"
  corpus="$work/body" && mkdir -p "$corpus"
  cp "$body_file" "$corpus/fixture.json" && echo fixture.json >"$corpus/fixture-only.txt"
  body_label="$(basename "$body_file") ($(stat -c %s "$body_file") bytes)"
fi
machine=$(machine_json)

# The ceiling answers with as many bytes as the injector's answer to the body, as in run.sh (the mix: their mean).
port=$(free_port) mon=$(free_port)
start_server "$work/probe.log" "$injector_bin" serve --listen 127.0.0.1 --monitoring-listen 127.0.0.1 --port "$port" --monitoring-port "$mon"
wait_ready "$SERVER_PID" "$mon" 30 || die "injector did not become ready: $(tail -5 "$work/probe.log")"
answer_sizes=()
while read -r body; do
  [ -n "$body" ] && answer_sizes+=("$(checked_answer_bytes "$port" "$corpus/$body" "$work/answer-$body")")
done <"$corpus/$bodies"
response_bytes=$(printf '%s\n' "${answer_sizes[@]}" | awk '{ s += $1 } END { printf "%d", s / NR + 0.5 }')
stop_server "$SERVER_PID"

# load <seconds> <port> <output file>: the fixture, closed loop, in the chosen protocol.
load() {
  if [ "$protocol" = h1 ]; then
    "${load_cpu[@]}" wrk -t1 -c"$connections" -d"$1s" -s "$LOAD_DIR/lib/wrk-corpus.lua" "https://127.0.0.1:$2/inject" -- "$corpus" "$bodies" >"$3"
  else
    "${load_cpu[@]}" h2load -t1 -c"$h2_clients" -m8 -D "$1" -H 'Content-Type: application/json' -d "$corpus/fixture.json" \
      "https://127.0.0.1:$2/inject" >"$3"
  fi
}

# requests_per_second <output file>: the rate, or nothing when a request failed.
requests_per_second() {
  if [ "$protocol" = h1 ]; then
    grep -qE 'Non-2xx|Socket errors' "$1" || awk '/^Requests\/sec/ { print $2 }' "$1"
  else
    awk '/^requests:/ { failed = $10 + $12 } /^status codes:/ { non2xx = $5 + $7 + $9 } /^finished in/ { rps = $4 }
      END { if (failed + non2xx == 0) print rps }' "$1"
  fi
}

servers=(ceiling ceiling-reader ceiling-document injector)
command_of() {
  case "$1" in
    ceiling) echo "$ARTIFACTS/ceiling/ceiling --response-bytes $response_bytes --parse none" ;;
    ceiling-*) echo "$ARTIFACTS/ceiling/ceiling --response-bytes $response_bytes --parse ${1#ceiling-}" ;;
    injector) echo "$injector_bin serve --listen 127.0.0.1 --monitoring-listen 127.0.0.1" ;;
  esac
}

: >"$work/samples.tsv"
ticks=$(clock_ticks)
for round in $(seq "$rounds"); do
  for server in "${servers[@]}"; do
    port=$(free_port) mon=$(free_port)
    # shellcheck disable=SC2046 # the command is split on purpose
    start_server "$work/$server.log" "${server_cpu[@]}" $(command_of "$server") --port "$port" --monitoring-port "$mon"
    wait_ready "$SERVER_PID" "$mon" 30 || die "$server did not become ready: $(tail -5 "$work/$server.log")"
    load 3 "$port" /dev/null
    before=$(cpu_ticks "$SERVER_PID")
    children_cpu_seconds; tool_before=$CHILD_CPU
    load "$duration" "$port" "$work/$server-$round.txt"
    children_cpu_seconds; tool_after=$CHILD_CPU
    after=$(cpu_ticks "$SERVER_PID")
    stop_server "$SERVER_PID"
    rps=$(requests_per_second "$work/$server-$round.txt")
    [ -n "$rps" ] || die "$server answered with errors: $(cat "$work/$server-$round.txt")"
    printf '%s\t%s\t%s\t%s\n' "$server" "$rps" \
      "$(awk -v t=$((after - before)) -v hz="$ticks" -v d="$duration" 'BEGIN { printf "%.1f", t / hz / d * 100 }')" \
      "$(awk -v a="$tool_after" -v b="$tool_before" -v d="$duration" 'BEGIN { printf "%.1f", (a - b) / d * 100 }')" \
      >>"$work/samples.tsv"
    log "round $round $server: $rps req/s"
  done
done

if [ "$protocol" = h1 ]; then
  tool="HTTP/1.1, wrk $(jq -r .wrk <<<"$machine"), 1 thread, $connections connections"
else
  tool="HTTP/2, h2load $(jq -r .h2load <<<"$machine"), $h2_clients connections x 8 streams"
fi
python3 "$LOAD_DIR/lib/parse_bound_report.py" "$work/samples.tsv" "$machine" "$duration" "$rounds" "$tool; $placement" "$response_bytes" "$body_label" >"$out"
log "wrote $out"
cat "$out"
