#!/usr/bin/env bash
# make setup: installs what the tests need beyond the Rust toolchain, and nothing more.
#   - Debian's `chromium`, for the test that opens the certification report in a headless
#     browser (sim/harness/tests/harness/browser.rs);
#   - a Python virtual environment in target/venv (git-ignored with target/) holding the
#     pinned packages of .ci/requirements.txt from PyPI: `junitparser`, the JUnit XML
#     consumer .ci/check-junit.py reads junit.xml with, and `Authlib`, the stock OpenID
#     Connect client that logs in at the sandbox (sim/cli/tests/oidc_client.py).
# Idempotent and quick when everything is there: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# The path the browser test runs; overridable only to try this script.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
VENV=target/venv
# Pinned so that every machine runs the same consumers; a copy in the venv says what it holds.
REQUIREMENTS=.ci/requirements.txt

say() { echo "setup: $*"; }

# Runs a command as root: directly when we are root, through sudo when it exists.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: cannot install Debian's chromium: not root and no sudo." >&2
    echo "setup: as root, run: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
    exit 2
  fi
}

if [ -x "$CHROMIUM" ]; then
  say "chromium already installed ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: $CHROMIUM is missing and there is no apt-get: install Chromium at $CHROMIUM by hand." >&2
    exit 2
  fi
  say "installing Debian's chromium"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  if [ ! -x "$CHROMIUM" ]; then
    echo "setup: apt-get installed chromium but $CHROMIUM is still missing" >&2
    exit 2
  fi
  say "installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
fi

PYTHON=${PYTHON:-python3}
if [ -x "$VENV/bin/python" ] && cmp -s "$REQUIREMENTS" "$VENV/requirements.txt"; then
  say "the Python packages of $REQUIREMENTS already in $VENV"
else
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "setup: no $PYTHON: install Debian's python3 and python3-venv" >&2
    exit 2
  fi
  say "creating $VENV with the packages of $REQUIREMENTS"
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV"; then
    echo "setup: '$PYTHON -m venv' failed: on Debian, install python3-venv" >&2
    exit 2
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/requirements.txt"
  say "installed $("$VENV/bin/python" -c 'import junitparser, authlib; print("junitparser", junitparser.version, "and Authlib", authlib.__version__)')"
fi
