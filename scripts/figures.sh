#!/usr/bin/env bash
# Regenerates the figures in docs/ from the code: the site picture (docs/site-picture.png) and the
# generated part of docs/cli.md. Needs chromium (scripts/test-deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
node dist/test/graph/figure.js
node dist/cli/docs.js --write
