#!/usr/bin/env bash
# Installs the Debian packages the test suite needs beyond what bootstrap.sh installs for hop3 itself
# (idempotent; called by scripts/test.sh). The lists are scripts/test-packages.d/*.list, one package
# per line, "#" comments; each feature's tests keep their own list.
set -euo pipefail
cd "$(dirname "$0")"

mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' test-packages.d/*.list | grep -v '^$' | sort -u)
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  printf -- '       ok: %s test packages installed\n' "${#wanted[@]}"
  exit 0
fi
printf -- '       installing %s\n' "${missing[*]}"
apt-get -q update >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q install -y --no-install-recommends "${missing[@]}" >/dev/null
