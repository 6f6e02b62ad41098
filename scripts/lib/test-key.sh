# Sourced by scripts that talk to the local hop3 over ssh as a test client: creates a throwaway key,
# authorizes it with `hop3 ssh-keys:add`, exports HOP3_E2E_KEY, and removes it again on exit.
# Needs root (ssh-keys:add is a host command) and a bootstrapped host.

require_bootstrapped_host() {
  if [ "$(id -u)" -ne 0 ]; then
    echo " !     run this as root (it authorizes a temporary ssh key with hop3 ssh-keys:add)" >&2
    exit 1
  fi
  if ! command -v hop3 >/dev/null 2>&1 || ! id hop3 >/dev/null 2>&1; then
    echo " !     hop3 is not installed on this machine: run scripts/bootstrap.sh --domain <domain> --ssh-key <key.pub> first" >&2
    exit 1
  fi
}

authorize_test_key() {
  local name=$1
  HOP3_TEST_KEY_DIR=$(mktemp -d)
  HOP3_TEST_KEY_NAME=$name
  ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$HOP3_TEST_KEY_DIR/key"
  hop3 ssh-keys:add "$name" - <"$HOP3_TEST_KEY_DIR/key.pub" >/dev/null
  export HOP3_E2E_KEY="$HOP3_TEST_KEY_DIR/key"
  trap 'hop3 ssh-keys:remove "$HOP3_TEST_KEY_NAME" >/dev/null 2>&1 || true; rm -rf "$HOP3_TEST_KEY_DIR"' EXIT
}
