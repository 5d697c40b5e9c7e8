#!/usr/bin/env bash
# Regenerate the screenshots in docs/ from the demo project: bash docs/make_screenshots.sh
# (from the repository root, after installing; needs no display: qcode renders offscreen,
# here on a 1600×1000 screen, a common desktop size; each panel is brought up by its menu).
set -euo pipefail
cd "$(dirname "$0")/.."
folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT
printf '{"screens":[{"name":"desk","x":0,"y":0,"width":1600,"height":1000,"logicalDpi":96,"logicalBaseDpi":96,"dpr":1}]}' >"$folder/screen.json"
export QT_QPA_PLATFORM="offscreen:configfile=$folder/screen.json"
.venv/bin/qcode demo "$folder/demo.qcode" --no-gui
.venv/bin/qcode open "$folder/demo.qcode" --screenshot docs/screenshots/main-window.png
for dock in workshop compare cmo vignettes agreement cooccurrence statistics; do
    .venv/bin/qcode open "$folder/demo.qcode" --screenshot "docs/screenshots/$dock.png" --dock "$dock"
done
cp "$folder/demo.qcode" "$folder/shared.qcode" && chmod 444 "$folder/shared.qcode"
.venv/bin/qcode open "$folder/shared.qcode" --screenshot docs/screenshots/read-only.png
chmod 644 "$folder/shared.qcode"
