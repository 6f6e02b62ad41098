#!/usr/bin/env bash
# Installs hop3 on a Debian 12 host from this checkout: build packages, build, install to /opt/hop3, then
# `hop3 setup` (user, nginx, sshd, services). Idempotent: a second run changes nothing and says so.
set -euo pipefail

PREFIX=/opt/hop3
LINK=/usr/local/bin/hop3
BUILD_PACKAGES=(git python3 make g++ ca-certificates)
CHECKOUT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HOME_DIR=${HOP3_HOME:-/home/hop3}

step() { printf -- '-----> %s\n' "$*"; }
info() { printf -- '       %s\n' "$*"; }
die() {
  printf -- ' !     %s\n' "$1" >&2
  [ $# -lt 2 ] || printf -- ' !     hint: %s\n' "$2" >&2
  exit 1
}
elapsed() { info "done in $((SECONDS - $1)) s"; }
# On a terminal, runs a long command under ora's spinner (scripts/with-progress.ts, once the checkout's
# node_modules has what it needs); piped, under CI or before npm ci, runs it as it is.
with_progress() {
  local text=$1
  shift
  if [ -t 1 ] && [ -z "${CI:-}" ] && [ "${HOP3_NO_PROGRESS:-}" != 1 ] && [ -d "$CHECKOUT/node_modules/ora" ] && [ -d "$CHECKOUT/node_modules/tsx" ]; then
    (cd "$CHECKOUT" && node --import tsx scripts/with-progress.ts "$text" -- "$@")
  else
    "$@"
  fi
}

usage() {
  cat <<'EOF'
Usage: scripts/bootstrap.sh --domain DOMAIN [--ssh-key FILE] [--git-http-port PORT] [--with TYPES]

Installs hop3 on this Debian 12 host (run as root, from a checkout of hop3):
  1. installs the packages needed to build hop3 (git python3 make g++ ca-certificates) if missing
  2. builds hop3 in the checkout (npm ci when needed, npm run build)
  3. installs it to /opt/hop3 and links /usr/local/bin/hop3
  4. runs "hop3 setup": runtime packages, the hop3 user, nginx, sshd, sudoers, resident services

Options:
  --domain DOMAIN        apps are served as <app>.DOMAIN (required the first time)
  --ssh-key FILE         public key allowed to push (git push hop3@host:<app> main)
  --git-http-port PORT   port of the HTTP git push server (default 8822)
  --with TYPES           also install and start addon servers (postgres,mysql,redis) and give
                         hop3 passwordless admin access to them; kept across later runs
  -h, --help             show this help

Node.js >= 20 with npm must already be installed. Running it again changes nothing.
Environment: HOP3_HOME (default /home/hop3).
EOF
}

domain='' ssh_key='' http_port='' with_addons=''
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --domain | --ssh-key | --git-http-port | --with)
      [ $# -ge 2 ] || die "$1 needs a value" "run scripts/bootstrap.sh --help"
      case $1 in
        --domain) domain=$2 ;;
        --ssh-key) ssh_key=$2 ;;
        --git-http-port) http_port=$2 ;;
        --with) with_addons=$2 ;;
      esac
      shift 2 ;;
    --domain=*) domain=${1#*=}; shift ;;
    --ssh-key=*) ssh_key=${1#*=}; shift ;;
    --git-http-port=*) http_port=${1#*=}; shift ;;
    --with=*) with_addons=${1#*=}; shift ;;
    *) die "unknown argument: $1" "run scripts/bootstrap.sh --help" ;;
  esac
done

# ---------------------------------------------------------------- 1. preconditions and options
started=$SECONDS
step "Checking this host"
[ "$(id -u)" -eq 0 ] || die "bootstrap.sh must run as root" "sudo scripts/bootstrap.sh --domain ..."
# shellcheck source=/dev/null
os_id=$(. /etc/os-release 2>/dev/null && printf '%s' "${ID:-}")
# shellcheck source=/dev/null
os_name=$(. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-unknown}")
[ "$os_id" = debian ] || die "hop3 installs on Debian 12; this is $os_name"
command -v node >/dev/null || die "Node.js is not installed: hop3 needs Node.js >= 20 with npm" "install Node.js 20 first (e.g. from nodejs.org or NodeSource)"
command -v npm >/dev/null || die "npm is not installed (it comes with Node.js)" "install Node.js 20 with npm first"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: hop3 needs >= 20"
info "$os_name, Node.js $(node --version), npm $(npm --version 2>/dev/null)"

if [ -n "$domain" ]; then
  domain=${domain,,}
  label='[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?'
  [[ ${#domain} -le 253 && $domain =~ ^$label(\.$label)*$ ]] || die "invalid domain \"$domain\": not an RFC 1123 host name" "e.g. --domain example.com"
elif [ ! -f "$HOME_DIR/settings.json" ]; then
  die "--domain is required the first time (apps are served as <app>.DOMAIN)" "scripts/bootstrap.sh --domain example.com --ssh-key ~/.ssh/id_ed25519.pub"
fi
if [ -n "$ssh_key" ]; then
  [ -r "$ssh_key" ] || die "cannot read the ssh public key $ssh_key"
  grep -qE '^(ssh-|ecdsa-|sk-)' "$ssh_key" || die "$ssh_key is not an ssh public key (expected a line like \"ssh-ed25519 AAAA... comment\")"
  ssh_key=$(cd "$(dirname "$ssh_key")" && pwd)/$(basename "$ssh_key")
fi
if [ -n "$with_addons" ]; then
  [[ $with_addons =~ ^[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*$ ]] || die "invalid --with \"$with_addons\": addon types separated by commas" "e.g. --with postgres,mysql,redis"
fi
if [ -n "$http_port" ]; then
  [[ $http_port =~ ^[0-9]{1,5}$ && $http_port -ge 1 && $http_port -le 65535 ]] || die "invalid --git-http-port \"$http_port\": a port from 1 to 65535"
fi
info ok

# ---------------------------------------------------------------- 2. build packages
step "Packages to build hop3"
missing=()
for package in "${BUILD_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  info "ok: ${BUILD_PACKAGES[*]}"
else
  t=$SECONDS
  info "installing ${missing[*]}"
  apt-get -q update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q install -y --no-install-recommends "${missing[@]}" >/dev/null
  elapsed "$t"
fi

# ---------------------------------------------------------------- 3. build in the checkout
cd "$CHECKOUT"
# sha256 of files (paths + contents) under the given paths, skipping hop3's own stamp files.
tree_hash() {
  find "$@" -type f ! -name '.hop3-*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64
}
# True when node_modules holds what package-lock.json lists (npm's hidden lockfile agrees with it).
modules_match_lock() {
  [ -f node_modules/.package-lock.json ] || return 1
  node -e '
    const want = require("./package-lock.json").packages ?? {};
    const have = require("./node_modules/.package-lock.json").packages ?? {};
    const bad = Object.entries(want).filter(([k, v]) => k !== "" && !v.optional && have[k]?.version !== v.version);
    process.exit(bad.length === 0 ? 0 : 1);
  ' 2>/dev/null
}

step "Dependencies (npm ci)"
deps_want="$(sha256sum package-lock.json | cut -c1-64) node-$(node --version)"
deps_stamp=node_modules/.hop3-npm-ci
if [ -d node_modules ] && [ "$(cat "$deps_stamp" 2>/dev/null)" = "$deps_want" ]; then
  info "ok: node_modules matches package-lock.json"
elif [ -d node_modules ] && [ ! -f "$deps_stamp" ] && modules_match_lock &&
  [ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
  printf '%s\n' "$deps_want" >"$deps_stamp"
  info "ok: node_modules matches package-lock.json (checked npm's lockfile)"
else
  t=$SECONDS
  info "npm ci (better-sqlite3 compiles from source: about a minute)"
  npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$deps_want" >"$deps_stamp"
  elapsed "$t"
fi

step "Build (tsc)"
build_want=$(tree_hash lib plugins tsconfig.json tsconfig.build.json package.json package-lock.json)
build_stamp=dist/.hop3-build
if [ -d dist ] && [ "$(cat "$build_stamp" 2>/dev/null)" = "$build_want" ]; then
  info "ok: dist/ is up to date"
else
  t=$SECONDS
  rm -rf dist
  with_progress "npm run build" npm run --silent build
  printf '%s\n' "$build_want" >"$build_stamp"
  elapsed "$t"
fi

# ---------------------------------------------------------------- 4. install to /opt/hop3
step "Install to $PREFIX"
install_want=$( (tree_hash package.json package-lock.json bin dist templates; node --version) | sha256sum | cut -c1-64)
if [ -f "$PREFIX/.install-hash" ] && [ "$(cat "$PREFIX/.install-hash")" = "$install_want" ]; then
  info "ok: $PREFIX is current (${install_want:0:12})"
else
  t=$SECONDS
  stage=$PREFIX.new
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -a package.json package-lock.json bin dist templates node_modules "$stage/"
  (cd "$stage" && npm prune --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
  find "$stage/node_modules" -mindepth 1 -maxdepth 1 -type d -empty -delete
  printf '%s\n' "$install_want" >"$stage/.install-hash"
  chmod -R u+rwX,go+rX,go-w "$stage"
  if [ -d "$PREFIX" ]; then
    rm -rf "$PREFIX.old"
    mv "$PREFIX" "$PREFIX.old"
  fi
  mv "$stage" "$PREFIX"
  rm -rf "$PREFIX.old"
  info "installed ${install_want:0:12}"
  elapsed "$t"
fi
if [ "$(readlink "$LINK" 2>/dev/null)" = "$PREFIX/bin/hop3" ]; then
  info "ok: $LINK -> $PREFIX/bin/hop3"
else
  mkdir -p "$(dirname "$LINK")"
  ln -sfn "$PREFIX/bin/hop3" "$LINK"
  info "linked $LINK -> $PREFIX/bin/hop3"
fi

# ---------------------------------------------------------------- 5. hop3 setup
args=(setup)
[ -z "$domain" ] || args+=(--domain "$domain")
[ -z "$ssh_key" ] || args+=(--ssh-key "$ssh_key")
[ -z "$http_port" ] || args+=(--git-http-port "$http_port")
[ -z "$with_addons" ] || args+=(--with "$with_addons")
step "hop3 ${args[*]}"
info "(build and install took $((SECONDS - started)) s)"
HOP3_HOME=$HOME_DIR exec "$LINK" "${args[@]}"
