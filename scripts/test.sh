#!/usr/bin/env bash
# The whole test suite: typecheck, lint, unit tests, import cycles and formatting; integration tests (real git, nginx, uWSGI,
# SQLite in temporary directories); end-to-end tests against the hop3 that scripts/bootstrap.sh
# installed on this machine (real sshd on port 22 and nginx on port 80).
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_nodedir=/usr npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

step() { printf -- '-----> %s\n' "$*"; }
started=$SECONDS
phase() { printf -- '       (%s s so far)\n' "$((SECONDS - started))"; }

if [ "$(id -u)" -eq 0 ]; then
  step "Test packages"
  scripts/test-packages.sh
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm dependencies"
  npm ci --no-fund --no-audit
fi
step "Checks: typecheck, lint, unit tests, import cycles, formatting"
npm run --silent check
phase
step "Building dist/"
npm run --silent build
step "Integration tests"
scripts/run-tests.sh integration
phase
step "End-to-end tests"
scripts/e2e.sh
phase
step "All tests passed in $((SECONDS - started)) s"
