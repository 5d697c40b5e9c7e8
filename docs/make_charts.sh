#!/usr/bin/env bash
# Regenerate the chart pictures in docs/ from the demo project, with `qcode chart` itself:
# bash docs/make_charts.sh (from the repository root, after installing; needs no display).
set -euo pipefail
cd "$(dirname "$0")/.."
folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT
.venv/bin/qcode demo "$folder/demo.qcode" --no-gui
.venv/bin/qcode chart frequency "$folder/demo.qcode" -o docs/charts-frequency-participant.png
.venv/bin/qcode chart frequency "$folder/demo.qcode" --by wave --count characters \
    -o docs/charts-frequency-wave.png
.venv/bin/qcode chart cooccurrence "$folder/demo.qcode" -o docs/charts-cooccurrence.png
.venv/bin/qcode chart agreement "$folder/demo.qcode" --coders Ana,Ben -o docs/charts-agreement.png
.venv/bin/qcode chart cmo "$folder/demo.qcode" --theme "Better specialist support through mentoring" \
    -o docs/charts-cmo-specialist-support.png
.venv/bin/qcode chart cmo "$folder/demo.qcode" --theme "Better physical and psychological health" \
    -o docs/charts-cmo-health.png
