#!/usr/bin/env bash
# Makes a Chromium binary available for the browser tests (playwright-core drives it; it ships
# no browser of its own): leaves a present one alone, installs Debian's `chromium` when missing.
# Prints nothing when Chromium is already there. Needs root (or sudo) to install.
# ZKPOP_CHROMIUM names another binary; the tests read the same variable.
set -euo pipefail

found() {
  for c in "${ZKPOP_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$c" ] && [ -x "$c" ]; then return 0; fi
  done
  return 1
}
if found; then exit 0; fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

echo "ensure-chromium: installing Debian's chromium ..."
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
if ! found; then
  echo "ensure-chromium: chromium is still missing after apt-get install" >&2
  exit 1
fi
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
