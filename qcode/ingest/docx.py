"""Word .docx files: the body's paragraphs, tables and text boxes, in document order.

Rules:

- Paragraphs are separated by ``\\n``; an empty paragraph is an empty line.
  Their text is kept exactly as stored (smart quotes, dashes, U+00A0 ...);
  ``w:tab``/``w:ptab`` become ``\\t``, ``w:br``/``w:cr`` become ``\\n``,
  a non-breaking hyphen becomes U+2011. Deleted text of tracked changes
  (``w:del``, ``w:moveFrom``) and field codes (``w:instrText``) are left out;
  inserted text and field results are kept.
- A table is read row by row: each row is one line, its cells joined by ``\\t``.
  Within a cell, paragraphs (and rows of a nested table) are joined by a space
  and line breaks become spaces, so a row never spans more than one line.
- A text box's paragraphs follow, as lines of their own, the paragraph that
  anchors it. Word stores each text box twice (DrawingML in ``mc:Choice``, VML
  in ``mc:Fallback``); only the first is read.
- Headers, footers, footnotes and comments are not part of the body and are
  left out.
- Before python-docx opens it, every zip member is checked and inflated under the
  limits of ``qcode.ingest.archive_limits.OFFICE_LIMITS`` (a zip bomb is refused).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from lxml import etree

from qcode.errors import IngestError
from qcode.ingest.archive_limits import check_office_package
from qcode.ingest.text import normalise_newlines, strip_trailing_blank_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_R, _T = f"{_W}r", f"{_W}t"
_TXBX = f"{_W}txbxContent"
_FALLBACK = f"{_MC}Fallback"
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"})
_SKIPPED_INLINE = frozenset(
    {f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", _TXBX, f"{_W}sdtPr", _FALLBACK}
)
_RUN_CHARS = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "\u2011",
}


def read_docx(data: bytes, name: str) -> str:
    """The body text of a .docx file (see the module docstring for the rules)."""
    check_office_package(data, name, "a Word document", _damaged(name))
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx/lxml/zipfile fail in many ways on a bad package
        raise IngestError(_damaged(name)) from exc
    text = "\n".join(_blocks(body))
    return strip_trailing_blank_lines(normalise_newlines(text))


def _blocks(container: etree._Element) -> Iterator[str]:
    """One string per line-level block: paragraph, table row, text-box paragraph."""
    for child in container:
        if child.tag == _P:
            yield "".join(_inline(child))
            for box in _textboxes(child):
                yield from _blocks(box)
        elif child.tag == _TBL:
            yield from _table_rows(child)
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _inline(element: etree._Element) -> Iterator[str]:
    """The characters of a paragraph (or part of one), in order."""
    for child in element:
        tag = child.tag
        if tag == _R:
            yield from _run(child)
        elif tag not in _SKIPPED_INLINE and isinstance(tag, str):
            yield from _inline(child)


def _run(run: etree._Element) -> Iterator[str]:
    for child in run:
        if child.tag == _T:
            yield child.text or ""
        elif child.tag in _RUN_CHARS:
            yield _RUN_CHARS[child.tag]


def _textboxes(element: etree._Element) -> Iterator[etree._Element]:
    """Outermost ``w:txbxContent`` elements inside ``element``, skipping ``mc:Fallback``."""
    for child in element:
        if child.tag == _TXBX:
            yield child
        elif child.tag != _FALLBACK:
            yield from _textboxes(child)


def _table_rows(table: etree._Element) -> Iterator[str]:
    for row in _children(table, _TR):
        yield "\t".join(_cell_text(cell) for cell in _children(row, _TC))


def _cell_text(cell: etree._Element) -> str:
    parts = (part.replace("\n", " ") for part in _blocks(cell))
    return " ".join(part for part in parts if part)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _damaged(name: str) -> str:
    return (
        f"{name}: is damaged and cannot be read as a Word document; "
        "open it in Word and save it again"
    )
