#!/usr/bin/env bash
# Set up everything the site and its tests need, from a fresh clone:
#   a virtual environment in .venv with the exact versions of constraints.txt,
#   the npm packages of package-lock.json (KaTeX typesets the math while the site builds;
#   Lighthouse and axe-core audit the pages in the tests), and Debian's chromium for the
#   browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
# Material for MkDocs and ProperDocs print a banner about MkDocs 2 on every run; these are the
# variables they document for silencing it.
if ! grep -q NO_MKDOCS_2_WARNING .venv/bin/activate; then
  echo 'export NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true' >> .venv/bin/activate
fi
.venv/bin/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
npm ci --no-audit --no-fund --loglevel=error

# CHROME_PATH may name another Chromium-based browser instead (Lighthouse's variable).
if [ -z "${CHROME_PATH:-}" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: the browser tests need Debian's chromium: sudo apt-get install chromium" >&2
  fi
fi
echo "setup: done. Activate the environment with: . .venv/bin/activate"
