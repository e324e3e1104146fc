#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` and `chromium-driver`) for the browser
# test of the HTML report, when it is missing. Non-interactive; needs root or sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo -n); fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver
command -v chromium >/dev/null
