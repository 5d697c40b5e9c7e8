#!/usr/bin/env bash
# Regenerate the pictures of the papers' tables in docs/ from the demo project: each table is
# exported as .docx by `qcode export` itself, then drawn by LibreOffice (PDF) and poppler (PNG).
# bash docs/make_tables.sh (from the repository root, after installing; needs no display).
# Needs LibreOffice Writer and poppler; on Debian:
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation2
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "$tool not found (see the comment above)" >&2; exit 1; }
done
folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT
.venv/bin/qcode demo "$folder/demo.qcode" --no-gui
.venv/bin/qcode export themes "$folder/demo.qcode" -o "$folder/tables-themes.docx" \
    --number 9 --title "Interview themes and categories"
.venv/bin/qcode export cmo "$folder/demo.qcode" -o "$folder/tables-cmo.docx" \
    --number 5 --title "Themes, categories and configurations" \
    --heading 3="CMO configuration statement"

# DOCX -> PDF -> PNG of the first page at 110 dpi, cropped to the table (and a margin).
for name in tables-themes tables-cmo; do
    soffice "-env:UserInstallation=file://$folder/lo-profile" --headless \
        --convert-to pdf --outdir "$folder" "$folder/$name.docx" >/dev/null
    pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$folder/$name.pdf" "$folder/$name"
    .venv/bin/python - "$folder/$name.png" "docs/$name.png" <<'PY'
import sys

from PIL import Image, ImageChops, ImageOps

page = Image.open(sys.argv[1]).convert("RGB")
ink = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
assert ink, "the page is blank"
ImageOps.expand(page.crop(ink), border=24, fill="white").save(sys.argv[2], optimize=True)
PY
    echo "wrote docs/$name.png"
done
