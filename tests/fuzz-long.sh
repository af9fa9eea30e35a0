#!/usr/bin/env bash
# The long fuzz run (docs/reliability.md): R runs of N generated inputs each through every property, on all cores,
# one line per run (inputs, seconds, inputs/s, result); stops at the first failure and prints its CsCheck seed.
#
#   tests/fuzz-long.sh [--runs 10] [--per-run 100000]     # 10 x 100,000 = the 1M run
#   tests/fuzz-long.sh --differential [--runs 1] [--per-run 100000]
#       compiled vs rendered path (tests/Injector.Tests/Differential): R runs of N generated pods, each run with its
#       own seed (INJECTOR_DIFF_SEED=run number); stops at the first covered pod the two paths answer differently.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=10 per_run=100000 mode=fuzz runs_given=
while [ $# -gt 0 ]; do
  case $1 in
    --differential) mode=differential; shift ;;
    --runs) runs=${2:?}; runs_given=1; shift 2 ;;
    --per-run) per_run=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$mode" = differential ] && [ -z "$runs_given" ] && runs=1
dotnet build tests/Injector.Tests -c Release >/dev/null || { echo "build failed" >&2; exit 1; }
total=0 started=$(date +%s) commit=$(git rev-parse --short HEAD)
for i in $(seq "$runs"); do
  t0=$(date +%s.%N)
  if [ "$mode" = differential ]; then
    out=$(INJECTOR_DIFF_PODS=$per_run INJECTOR_DIFF_SEED=$i dotnet test tests/Injector.Tests -c Release --no-build \
          --filter "FullyQualifiedName~Covered_pods_get_the_renderers_answer" --logger "console;verbosity=detailed" 2>&1)
    rc=$?
    grep -o "seed [0-9]*: [0-9]* pods compared.*" <<<"$out" | head -1
  else
    out=$(INJECTOR_FUZZ_ITERATIONS=$per_run dotnet test tests/Injector.Tests -c Release --no-build \
          --filter "FullyQualifiedName~Mutated_valid_pods_stay_valid" 2>&1)
    rc=$?
  fi
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  if [ $rc -ne 0 ] || ! grep -qE "Passed!|Test Run Successful" <<<"$out"; then
    echo "run $i/$runs: FAILED after $secs s; $(grep -o 'Set seed: "[^"]*"' <<<"$out" | head -1)"
    grep "COVERED DIVERGENCE" <<<"$out" | head -5
    grep -A6 "Error Message" <<<"$out" | head -12
    echo "total: $total inputs passed before the failing run"
    exit 1
  fi
  total=$((total + per_run))
  echo "run $i/$runs: $per_run inputs passed in $secs s ($(awk -v n="$per_run" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') inputs/s, test host included)"
done
elapsed=$(( $(date +%s) - started ))
echo "total: $total inputs passed in $elapsed s on commit $commit"
