#!/usr/bin/env bash
# Runs every test project and ends with the line CI reads: "N passed, N failed, N skipped".
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Parity").
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
dotnet test Injector.sln -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Each test assembly prints: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, Duration: ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)!? +- +Failed: ' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi   # build or runner failure counts as a failure
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$rc"
