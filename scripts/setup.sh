#!/usr/bin/env bash
# Set up qcbrand on a fresh Debian or Ubuntu machine. Safe to run again: it only does what is missing.
#   bash scripts/setup.sh         the app: a CJK font (for charts), a virtualenv with the pinned packages
#   bash scripts/setup.sh --dev   and for the tests: pytest, hypothesis, Playwright, Debian's Chromium, and
#                                 LibreOffice (Writer) and poppler to render a briefing to PDF and PNG
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# System packages. The CJK font renders Chinese in exported charts (and in headless Chromium);
# Chromium and its driver come from Debian, never downloaded by a test tool.
packages=()
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || packages+=(fonts-noto-cjk fontconfig)
# nginx spreads the sessions of `qcbrand serve --workers N` over N app processes (the tests start it too)
[ -x /usr/sbin/nginx ] || packages+=(nginx)
if [ "$dev" = 1 ] && ! command -v chromium >/dev/null 2>&1; then packages+=(chromium chromium-driver); fi
if [ "$dev" = 1 ] && ! command -v soffice >/dev/null 2>&1; then packages+=(libreoffice-writer-nogui); fi
if [ "$dev" = 1 ] && ! command -v pdftoppm >/dev/null 2>&1; then packages+=(poppler-utils); fi
if [ "${#packages[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# Python packages, pinned, in .venv; reinstalled only when a requirements file changes.
[ -x .venv/bin/python ] || python3 -m venv .venv
requirements=requirements.txt
[ "$dev" = 1 ] && requirements=requirements-dev.txt
stamp=".venv/.installed-$(cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -c1-16)-$dev"
if [ ! -e "$stamp" ]; then
  echo "setup: installing Python packages from $requirements"
  log=.venv/install.log
  {
    .venv/bin/python -m pip install --upgrade pip &&
    .venv/bin/python -m pip install -r "$requirements" &&
    .venv/bin/python -m pip install --no-deps -e .
  } >"$log" 2>&1 || { tail -n 30 "$log"; echo "setup: pip failed; the whole log is in $log" >&2; exit 1; }
  rm -f .venv/.installed-*
  touch "$stamp"
fi
echo "setup: ready ($(.venv/bin/python --version), qcbrand at .venv/bin/qcbrand)"
