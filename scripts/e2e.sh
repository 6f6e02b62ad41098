#!/usr/bin/env bash
# End-to-end tests: push the sample apps over real ssh (and HTTP) to the hop3 installed on this
# machine and request them through nginx. Runs as root after scripts/bootstrap.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/test-key.sh
. scripts/lib/test-key.sh
require_bootstrapped_host
# The tests target the installed hop3: bring it up to date with this checkout first (a no-op when it is),
# with the addon servers the addon tests use (installed and started once; later runs only check them).
if ! log=$(scripts/bootstrap.sh --with postgres,mysql,redis 2>&1); then
  printf '%s\n' "$log" >&2
  exit 1
fi
printf '       the installed hop3 matches this checkout\n'
authorize_test_key "e2e-$$"
scripts/run-tests.sh e2e "$@"
