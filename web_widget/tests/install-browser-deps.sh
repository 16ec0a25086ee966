#!/usr/bin/env bash
# What the widget's browser tests (tests/e2e/test_widget.py) need besides the Python packages:
# Debian's chromium (Playwright drives it; its own browser download is never used) and
# axe-core, injected into the page for the accessibility check. Idempotent: does nothing
# when both are already there. Usage: web_widget/tests/install-browser-deps.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
AXE_VERSION="${AXE_VERSION:-4.10.3}"
AXE_DIR=.cache/axe-core

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi

if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] \
        || ! grep -q "\"version\": \"$AXE_VERSION\"" "$AXE_DIR/node_modules/axe-core/package.json"; then
    mkdir -p "$AXE_DIR"
    npm install --prefix "$AXE_DIR" --no-save --no-audit --no-fund --ignore-scripts "axe-core@$AXE_VERSION"
fi
echo "chromium: $(command -v chromium || echo /usr/bin/chromium); axe-core $AXE_VERSION in $AXE_DIR"
