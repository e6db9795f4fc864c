#!/usr/bin/env bash
# Install the external tools the test suite drives:
#   - Debian's chromium (driven by the PyPI `playwright` package),
#   - a Java runtime for the Nu HTML Checker (vnu.jar),
#   - the npm packages pinned in tests/node (vnu-jar, axe-core, lighthouse for `make check-site`).
#
# Idempotent and quick when everything is already present.
# Outside CI a missing tool that cannot be installed (no root, no apt, no npm)
# only prints a line and the script exits 0, so the tests that need it skip.
# Under CI (CI set to anything but "", "0" or "false") every failure is fatal.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/tests/node"
STAMP="$NODE_DIR/node_modules/.install-stamp"

case "${CI:-}" in
    "" | 0 | false | FALSE | False) IN_CI=0 ;;
    *) IN_CI=1 ;;
esac

say() { echo "install-test-tools: $*"; }

# Report a problem: fatal under CI, a note otherwise.
problem() {
    if [ "$IN_CI" = 1 ]; then
        echo "install-test-tools: ERROR: $*" >&2
        exit 1
    fi
    say "$* (the tests that need it will be skipped)"
}

APT_UPDATED=0
# apt_install PACKAGE... : install Debian packages as root, quietly.
apt_install() {
    if [ "$(id -u)" != 0 ]; then
        problem "not root: install with 'sudo apt-get install -y $*'"
        return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        problem "apt-get unavailable: install '$*' by hand"
        return 1
    fi
    local log
    log="$(mktemp)"
    if [ "$APT_UPDATED" = 0 ]; then
        if ! apt-get update -qq >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            problem "apt-get update failed: cannot install '$*'"
            return 1
        fi
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -f "$log"
        problem "apt-get install $* failed"
        return 1
    fi
    rm -f "$log"
}

# 1. Chromium from Debian (playwright cannot download browsers here).
if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium fonts-liberation || true
fi

# 2. Java for the Nu HTML Checker.
if ! command -v java >/dev/null 2>&1; then
    apt_install default-jre-headless || true
fi

# 3. npm packages, pinned by tests/node/package-lock.json.
lock_hash() {
    cat "$NODE_DIR/package.json" "$NODE_DIR/package-lock.json" | sha256sum | cut -d' ' -f1
}

npm_up_to_date() {
    [ -f "$STAMP" ] &&
        [ "$(cat "$STAMP")" = "$(lock_hash)" ] &&
        [ -f "$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar" ] &&
        [ -f "$NODE_DIR/node_modules/axe-core/axe.min.js" ] &&
        [ -f "$NODE_DIR/node_modules/lighthouse/cli/index.js" ]
}

if ! npm_up_to_date; then
    if ! command -v npm >/dev/null 2>&1; then
        problem "npm not found: install Debian's 'npm' (or Node.js) and rerun"
    else
        say "npm ci in tests/node"
        # --ignore-scripts: vnu-jar's postinstall would try to download a
        # Java runtime; we use Debian's instead.
        if (cd "$NODE_DIR" && npm ci --no-audit --no-fund --ignore-scripts --update-notifier=false --loglevel=error >/dev/null); then
            lock_hash >"$STAMP"
        else
            problem "npm ci in tests/node failed"
        fi
    fi
fi

exit 0
