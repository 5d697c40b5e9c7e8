"""PDF files (pdfminer.six): the text layer of every page, in page order.

Rules:

- Pages are joined by ``"\\n\\f"``: the last line of a page ends with ``\\n`` and
  the first line of the next page starts with a form feed (U+000C), as
  ``pdftotext`` writes it. Count lines with ``text.split("\\n")``, not
  ``str.splitlines()``, which also breaks at ``\\f``. Empty pages are kept (as
  an empty page between two form feeds) so page numbers stay right.
- Within a page, pdfminer's default layout analysis (``LAParams()``) gives one
  line per text line and a blank line between text blocks; trailing blank lines
  of each page are dropped.
- Word gaps: PDFs written by Qt's ``QPdfWriter`` (and some other producers) map
  the space glyph to U+0009 in their ToUnicode table, so pdfminer reports
  ``Hello\\tworld``. No ``LAParams`` setting changes that (``word_margin`` only
  decides when pdfminer *inserts* a space; it never replaces a decoded
  character), so the text is post-processed: every tab becomes a space, and
  runs of spaces collapse to one (a producer that draws a space glyph *and*
  leaves a gap would otherwise give two). PDF has no tab stops, so nothing
  meaningful is lost.
- Typographic ligatures U+FB00-U+FB06 (``ﬁ``, ``ﬂ``, ...) that a PDF font maps
  to one code point are expanded to their letters, so ``ﬁne`` reads ``fine``.
  Other characters (quotes, dashes, accents) are kept as they are.
- Refused: an encrypted PDF that needs a password, a PDF with no text layer
  (a scanned image: run OCR first), a damaged PDF (including one cut short,
  with no ``%%EOF`` marker).
- Bounded (``qcode.ingest.pdf_limits``): at most 2,000 pages (the page tree's
  stated count is checked first, then pages as they are read), at most 20 million
  characters of text and 100,000 on one page (counted as pdfminer draws them),
  and no stream may inflate past 64 MB (checked while it inflates). Each is
  refused in one line.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator

from pdfminer.layout import LAParams, LTContainer, LTImage, LTItem, LTPage, LTTextContainer
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1

from qcode.errors import IngestError
from qcode.ingest import pdf_limits
from qcode.ingest.pdf_limits import (
    MAX_PAGES,
    BoundedAggregator,
    StreamTooLarge,
    TextBudgetExceeded,
)
from qcode.ingest.text import normalise_newlines, strip_trailing_blank_lines

PAGE_BREAK = "\n\f"

_SPACES = re.compile(r" {2,}")
_COUNT = re.compile(rb"/Count\s+(\d+)(?![\d.])(?!\s+\d+\s+R)")  # a number, not a reference
_LIGATURES = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
_LIGATURE_TABLE = str.maketrans(_LIGATURES)
pdf_limits.install()


def read_pdf(data: bytes, name: str) -> str:
    """The text of all pages, joined by ``PAGE_BREAK`` (rules in the module docstring)."""
    if b"%%EOF" not in data:
        raise IngestError(f"{name}: is damaged (the PDF is cut short: no end-of-file marker)")
    pages, has_images = _extract(data, name)
    texts = [_clean_page(page) for page in pages]
    if not any(text.strip() for text in texts):
        if has_images:
            raise IngestError(f"{name}: has no text layer (a scanned image?); run OCR first")
        raise IngestError(f"{name}: contains no text")
    return strip_trailing_blank_lines(PAGE_BREAK.join(texts).rstrip("\f\n"))


def _extract(data: bytes, name: str) -> tuple[list[str], bool]:
    """Raw pdfminer text of each page, and whether any page holds an image."""
    pages: list[str] = []
    has_images = False
    try:
        _check_stated_pages(data, name)
        for layout in _layouts(data):
            if len(pages) == MAX_PAGES:
                raise _too_many_pages(name, f"more than {MAX_PAGES:,}")
            pages.append(_page_text(layout))
            has_images = has_images or _contains_image(layout)
    except StreamTooLarge as exc:
        raise IngestError(f"{name}: refused, {exc} (the limit for one PDF stream)") from exc
    except TextBudgetExceeded as exc:
        raise IngestError(f"{name}: refused, {exc}") from exc
    except IngestError:
        raise
    except PDFEncryptionError as exc:
        raise IngestError(
            f"{name}: is encrypted (password-protected); save an unprotected copy first"
        ) from exc
    except Exception as exc:  # pdfminer raises many kinds of error on malformed input
        raise IngestError(f"{name}: is damaged and cannot be read as a PDF") from exc
    return pages, has_images


def _layouts(data: bytes) -> Iterator[LTPage]:
    """pdfminer's ``extract_pages``, with a device that counts characters as drawn."""
    resources = PDFResourceManager(caching=True)
    device = BoundedAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.get_pages(io.BytesIO(data), maxpages=MAX_PAGES + 1):
        device.start_budget_page()
        interpreter.process_page(page)
        yield device.get_result()


def _check_stated_pages(data: bytes, name: str) -> None:
    """Refuse a PDF whose page tree says it has more than ``MAX_PAGES`` pages."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    tree = document.catalog.get("Pages")
    count = _raw_count(data, document, tree)
    if count is None:
        pages = resolve1(tree)
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    if isinstance(count, int) and count > MAX_PAGES:
        raise _too_many_pages(name, f"{count:,}")


def _raw_count(data: bytes, document: PDFDocument, tree: object) -> int | None:
    """The page tree's /Count read from the file's bytes, when the tree's object lies there
    uncompressed (pdfminer would first parse its /Kids: seconds for 100,000 pages)."""
    if not isinstance(tree, PDFObjRef):
        return None
    for xref in document.xrefs:
        try:
            stream, position, _generation = xref.get_pos(tree.objid)
        except KeyError:
            continue
        if stream is not None:
            return None  # inside an object stream: parsed the slow way
        end = data.find(b"endobj", position)
        found = _COUNT.search(data, position, end if end != -1 else len(data))
        return int(found.group(1)) if found else None
    return None


def _too_many_pages(name: str, count: str) -> IngestError:
    return IngestError(
        f"{name}: refused, it has {count} pages (the limit is {MAX_PAGES:,}); "
        "split it into smaller files"
    )


def _page_text(page: LTPage) -> str:
    """What pdfminer's TextConverter writes for a page, minus its form feed."""
    parts: list[str] = []
    for item in page:
        if isinstance(item, LTTextContainer):
            parts.append(item.get_text())
            parts.append("\n")
    return "".join(parts)


def _contains_image(item: LTItem) -> bool:
    if isinstance(item, LTImage):
        return True
    if isinstance(item, LTContainer):
        return any(_contains_image(child) for child in item)
    return False


def _clean_page(text: str) -> str:
    text = normalise_newlines(text).replace("\f", "")
    text = text.replace("\t", " ").translate(_LIGATURE_TABLE)
    text = _SPACES.sub(" ", text)
    return strip_trailing_blank_lines(text)
