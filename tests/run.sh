#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian-like machine, then run them.
# The README's test command, and exactly what CI (.ci/run) runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real clients the tests read our outputs with: LibreOffice, pandoc, poppler.
missing=()
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pandoc >/dev/null || missing+=(pandoc)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m pip install -q -e '.[test,bench]'

# Lint and type-check first (configured in pyproject.toml); either failing fails the run.
python3 -m ruff check .
python3 -m mypy

set +e
python3 -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "error: pytest collected no tests; that is a failure, not a pass" >&2
  exit 1
fi
exit "$rc"
