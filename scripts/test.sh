#!/usr/bin/env bash
# `npm test`: build, then every vitest project (unit + integration) and the Playwright end-to-end
# tests, all inside a private D-Bus session with a throwaway, unlocked gnome-keyring and a throwaway
# HOME, so keychain tests never touch the real user's keyring (Secret Service under dbus-run-session is what works on these machines).
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

if [ -z "${LATCHKEY_TEST_SESSION:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon xdg-open; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "npm test needs $tool: apt-get install -y dbus dbus-x11 gnome-keyring xdg-utils" >&2
      exit 1
    fi
  done
  throwaway_home=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-test-home.XXXXXX")
  trap 'rm -rf "$throwaway_home"' EXIT
  section "Private D-Bus session, unlocked throwaway keyring, HOME=$throwaway_home"
  # Not exec: the trap above must run to remove the throwaway HOME. The XDG_* variables are unset
  # so the keyring's files and control socket fall back to HOME-relative paths inside it.
  env -u XDG_RUNTIME_DIR -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME \
    LATCHKEY_TEST_SESSION=1 HOME="$throwaway_home" \
    dbus-run-session -- bash -c '
      printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      exec bash scripts/test.sh "$@"' test.sh "$@"
  exit $?
fi

bin=node_modules/.bin
started=$SECONDS

section "Build (electron-vite build, then the server and simulator as plain JS → out/)"
"$bin/electron-vite" build
"$bin/tsx" scripts/build-server.ts

# One vitest run per project: they differ in worker counts (vitest.config.ts), and separate runs
# say plainly which layer failed.
section "Unit tests (vitest, projects unit and unit-mocks)"
"$bin/vitest" run --project 'unit*'

section "Integration tests (vitest, project integration: real servers, PostgreSQL, PGlite, keychain)"
"$bin/vitest" run --project 'integration*'

section "Security tests (vitest, project security: attacks through the real interfaces, fuzzing)"
"$bin/vitest" run --project 'security*'

section "End-to-end tests (Playwright, Chromium ${CHROMIUM_PATH:-/usr/bin/chromium}, browser host)"
"$bin/tsx" scripts/electron-binary.ts
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$bin/playwright" test

section "All tests passed in $((SECONDS - started))s"
