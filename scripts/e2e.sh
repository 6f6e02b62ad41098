#!/usr/bin/env bash
# End-to-end tests: push the sample apps over real ssh (and HTTP) to the hop3 installed on this
# machine and request them through nginx. Runs as root after scripts/bootstrap.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/test-key.sh
. scripts/lib/test-key.sh
require_bootstrapped_host
installed=$(hop3 --version)
checkout="hop3 $(node -p "require('./package.json').version")"
if [ "$installed" != "$checkout" ]; then
  echo " !     the installed hop3 ($installed) is not this checkout ($checkout): run scripts/bootstrap.sh again" >&2
  exit 1
fi
authorize_test_key "e2e-$$"
scripts/run-tests.sh e2e "$@"
