#!/usr/bin/env bash
# Micro-benchmarks (BenchmarkDotNet, in process): the injector's request path vs the naive DOM-and-diff baseline.
#
#   load/bench.sh [--quick] [--filter PATTERN] [--name NAME]
#
# --quick: BenchmarkDotNet's short job (3 iterations; minutes, not tens of minutes), for a look, not for the record.
# Writes load/results/bench-<name>.md (machine header + BenchmarkDotNet's table); raw output in artifacts/load/bench/.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

quick=0 filter='*' name=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --filter) filter=${2:?}; shift 2 ;;
    --name) name=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
name=${name:-$(date -u +%Y-%m-%d-%H%M)-$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo local)$([ "$quick" = 1 ] && echo -quick)}

ensure_tools jq python3
export INJECTOR_CORPUS_DIR="$ARTIFACTS/corpus"
"$LOAD_DIR/corpus/generate.sh" --out "$INJECTOR_CORPUS_DIR" >&2
out="$ARTIFACTS/bench"
rm -rf "$out" && mkdir -p "$out" "$LOAD_DIR/results"
args=(--filter "$filter" --artifacts "$out")
[ "$quick" = 1 ] && args+=(--quick)
log "building and running the benchmarks ($([ "$quick" = 1 ] && echo quick || echo full) job)"
dotnet run -c Release --project "$LOAD_DIR/Injector.Benchmarks" -- "${args[@]}" 2>&1 | tee "$out/console.log" >&2

# One report per benchmark class (InjectionBenchmarks, ScalingBenchmarks, ...): keep them all.
mapfile -t tables < <(find "$out/results" -name '*-report-github.md' | sort)
[ ${#tables[@]} -gt 0 ] || die "no BenchmarkDotNet report in $out/results"
result="$LOAD_DIR/results/bench-$name.md"
{
  echo "# Micro-benchmarks: injector vs naive DOM + diff"
  echo
  machine_json | jq -r '"Measured \(.date) on commit `\(.commit)`: \(.cores) cores (\(.cpu)), \(.memory), kernel \(.kernel), .NET SDK \(.dotnet); load average at start \(.loadavg)."'
  echo
  echo "One operation = one AdmissionReview: request bytes in, response bytes out (see load/README.md)."
  echo "Ratio is to the naive baseline (lower is better). What each path did with each pod:"
  echo
  grep -E '^// (fixture|env-|containers-|rendered-|WARNING)' "$out/console.log" | sort -u | sed 's|^// |- |'
  for table in "${tables[@]}"; do
    echo
    echo "## $(basename "$table" -report-github.md)"
    echo
    cat "$table"
  done
} >"$result"
log "results: $result"
echo "bench: $(cat "${tables[@]}" | grep -c '^|') table rows -> $result"
