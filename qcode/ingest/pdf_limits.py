"""Bounds for reading PDFs: pages, text, and how far one stream may inflate.

``BoundedAggregator`` counts characters as pdfminer draws them, so the text
budget (``MAX_TEXT_CHARS`` in all, ``MAX_PAGE_CHARS`` on one page, whose layout
objects are all held at once) is enforced while a page is read, not after.

pdfminer.six inflates a stream whole (``zlib.decompress``), with no limit, and
retries a damaged one byte by byte. ``install`` (run once when
``qcode.ingest.pdf`` is imported) replaces, inside ``pdfminer.pdftypes`` only,
the Flate and LZW decoders with ones that stop at ``MAX_STREAM_BYTES`` and raise
``StreamTooLarge``; their results are otherwise the same. RunLength streams
(at most 64 times their size, and rare in text PDFs) are left as they are.
"""

from __future__ import annotations

import contextlib
import io
import types
import zlib
from typing import Any

from pdfminer import pdftypes
from pdfminer.converter import PDFPageAggregator
from pdfminer.lzw import LZWDecoder

from qcode.errors import IngestError

MAX_PAGES = 2_000
MAX_TEXT_CHARS = 20_000_000
MAX_PAGE_CHARS = 100_000
MAX_STREAM_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
_CHECKSUM = 4  # zlib's adler-32 trailer


class StreamTooLarge(IngestError):
    """A PDF stream that inflates past ``MAX_STREAM_BYTES``."""

    def __init__(self) -> None:
        super().__init__(f"a stream inflates to more than {MAX_STREAM_BYTES // (1024 * 1024)} MB")


class TextBudgetExceeded(IngestError):
    """A PDF drawing more characters than the text budget allows."""


class BoundedAggregator(PDFPageAggregator):
    """pdfminer's page aggregator, refusing a page or file past the character budget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.total_chars = 0
        self.page_chars = 0
        self.pages = 0

    def start_budget_page(self) -> None:
        self.page_chars = 0
        self.pages += 1

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self.page_chars += 1
        self.total_chars += 1
        if self.page_chars > MAX_PAGE_CHARS:
            raise TextBudgetExceeded(
                f"page {self.pages:,} draws more than {MAX_PAGE_CHARS:,} characters "
                "(the limit for one page)"
            )
        if self.total_chars > MAX_TEXT_CHARS:
            raise TextBudgetExceeded(
                f"its text runs past {MAX_TEXT_CHARS:,} characters at page {self.pages:,} "
                "(the limit for one document)"
            )
        return super().render_char(*args, **kwargs)


def _collect(decoder: zlib._Decompress, data: bytes, out: list[bytes], size: int) -> int:
    """Feed ``data`` to ``decoder`` in bounded steps; the bytes held so far."""
    chunk = decoder.decompress(data, _CHUNK)
    while True:
        size += len(chunk)
        if size > MAX_STREAM_BYTES:
            raise StreamTooLarge()
        out.append(chunk)
        if decoder.eof or not decoder.unconsumed_tail:
            return size
        chunk = decoder.decompress(decoder.unconsumed_tail, _CHUNK)


def bounded_decompress(data: bytes) -> bytes:
    """``zlib.decompress(data)``, refusing output past ``MAX_STREAM_BYTES``."""
    decoder = zlib.decompressobj()
    out: list[bytes] = []
    _collect(decoder, data, out, 0)
    if not decoder.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(out)


def bounded_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` in linear time: what inflates before a bad
    checksum at the very end (an error earlier still raises ``zlib.error``)."""
    decoder = zlib.decompressobj()
    out: list[bytes] = []
    size = _collect(decoder, data[:-_CHECKSUM], out, 0)
    with contextlib.suppress(zlib.error):
        _collect(decoder, data[-_CHECKSUM:], out, size)
    return b"".join(out)


def bounded_lzwdecode(data: bytes) -> bytes:
    """pdfminer's ``lzwdecode``, refusing output past ``MAX_STREAM_BYTES``."""
    out: list[bytes] = []
    size = 0
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        size += len(chunk)
        if size > MAX_STREAM_BYTES:
            raise StreamTooLarge()
        out.append(chunk)
    return b"".join(out)


_ZLIB = types.SimpleNamespace(
    decompress=bounded_decompress, decompressobj=zlib.decompressobj, error=zlib.error
)


def install() -> None:
    """Put the bounded decoders into ``pdfminer.pdftypes`` (idempotent)."""
    pdftypes.zlib = _ZLIB  # type: ignore[assignment]
    pdftypes.decompress_corrupted = bounded_decompress_corrupted
    pdftypes.lzwdecode = bounded_lzwdecode
