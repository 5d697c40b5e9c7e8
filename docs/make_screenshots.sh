#!/usr/bin/env bash
# Regenerate the README's screenshots from the demo project: bash docs/make_screenshots.sh
# (from the repository root, after installing; needs no display: qcode renders offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT
.venv/bin/qcode demo "$folder/demo.qcode" --no-gui
.venv/bin/qcode open "$folder/demo.qcode" --screenshot docs/screenshots/main-window.png
