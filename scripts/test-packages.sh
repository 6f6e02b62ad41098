#!/usr/bin/env bash
# Installs the Debian packages the test suite needs beyond what bootstrap.sh installs for hop3 itself
# (idempotent; called by scripts/test.sh).
set -euo pipefail

# systemd: systemd-analyze verifies the units setup writes (test/integration/systemd.test.ts).
# openssh-client: the end-to-end tests push over real ssh.
TEST_PACKAGES=(systemd openssh-client curl sqlite3)

missing=()
for package in "${TEST_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  printf -- '       ok: %s\n' "${TEST_PACKAGES[*]}"
  exit 0
fi
printf -- '       installing %s\n' "${missing[*]}"
apt-get -q update >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q install -y --no-install-recommends "${missing[@]}" >/dev/null
