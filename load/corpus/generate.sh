#!/usr/bin/env bash
# Writes the request bodies into load/corpus/out/ (not checked in). Arguments go to generate.py (--fixtures, --out).
set -euo pipefail
exec python3 "$(dirname "$0")/generate.py" "$@"
