#!/usr/bin/env bash
# Profiles the in-process request path: publishes load/Profile (AOT, symbols kept), prints CPU time and allocation
# per request for each body, then records one body with `perf` and prints the hottest functions (self and total).
#
#   load/profile.sh [--seconds 3] [--body fixture] [--rendered]
#
# --rendered: every pod on the rendered path (the embedded default without its compiled path).
# Bodies come from the corpus (load/corpus/generate.sh). Needs `perf` (apt: linux-perf) for the second part.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
seconds=3 body=fixture mode=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=${2:?}; shift 2 ;;
    --body) body=${2:?}; shift 2 ;;
    --rendered) mode=(--rendered); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
corpus="$ARTIFACTS/corpus"
"$LOAD_DIR/corpus/generate.sh" --out "$corpus" >&2
out="$ARTIFACTS/profile"
dotnet publish "$LOAD_DIR/Profile/Profile.csproj" -c Release -r linux-x64 -o "$out" >"$ARTIFACTS/profile-publish.log" 2>&1 \
  || die "publish failed (see $ARTIFACTS/profile-publish.log)"
"$out/profile" "${mode[@]}" "$seconds" "$corpus"/{fixture,one-container,ten-containers-probes,env-2000,skipped,v1beta1,containers-100}.json
command -v perf >/dev/null || die "perf not installed (apt-get install linux-perf); skipped the function profile"
perf record -F 2999 -g -o "$out/perf.data" "$out/profile" "${mode[@]}" "$seconds" "$corpus/$body.json" >/dev/null 2>&1
echo "== $body: hottest functions, self time"
perf report -i "$out/perf.data" --no-children --sort symbol -g none 2>/dev/null | grep -v '^#' | grep '%' | head -25 | cut -c1-150
echo "== $body: injector functions, total time (with callees)"
perf report -i "$out/perf.data" --children --sort symbol -g none 2>/dev/null | grep -v '^#' | grep Injector_ | head -25 | cut -c1-150
