#!/usr/bin/env bash
# Runs one layer of tests (unit, integration or e2e) with node's test runner and the TAP reporter.
# Node 20 does not expand globs, so the files are listed here. Extra arguments go to node --test.
set -euo pipefail
cd "$(dirname "$0")/.."
layer=${1:?usage: scripts/run-tests.sh unit|integration|e2e [files...]}
shift
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(find "test/$layer" -name '*.test.ts' | sort)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "no tests found in test/$layer" >&2
  exit 1
fi
concurrency=1
[ "$layer" = unit ] && concurrency=2
exec node --import tsx --test --test-reporter=tap --test-concurrency="$concurrency" "${files[@]}"
