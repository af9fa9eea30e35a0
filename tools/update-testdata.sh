#!/usr/bin/env bash
# Refreshes tests/testdata/ from the shared data folder beside the clone (where updates come from).
# Tests never read that folder; run this by hand, review the diff, commit.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared}
[ -d "$src/istio-parity" ] && [ -d "$src/fixtures" ] || { echo "update-testdata: no shared data at $src" >&2; exit 2; }
rm -rf tests/testdata/istio/cases tests/testdata/istio/explicit
cp -r "$src/istio-parity/cases" tests/testdata/istio/cases
cp -r "$src/istio-parity/explicit" tests/testdata/istio/explicit
cp "$src/istio-parity/LICENSE" tests/testdata/istio/LICENSE
cp "$src/istio-parity/README.md" tests/testdata/istio/README.md
rm -rf tests/testdata/istio/templates && mkdir -p tests/testdata/istio/templates
cp "$src"/istio-reference/manifests/charts/istio-control/istio-discovery/files/*.yaml tests/testdata/istio/templates/
cp "$src/fixtures/apiserver-v1.32-pod-create.json" "$src"/fixtures/apiserver/*.json tests/testdata/apiserver/
git status --short tests/testdata
