"""Table data for the coded-segments report: per code in tree order, each quote and citation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from qcode.export.tables.realist import flag_label
from qcode.export.tables.table import Cell, Column, Row, Table, TableStream


class SegmentQuote(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def citation(self) -> str: ...
    @property
    def coder(self) -> str: ...


class CodeQuotesLike(Protocol):
    @property
    def path(self) -> tuple[str, ...]: ...
    @property
    def flags(self) -> str: ...
    @property
    def quotes(self) -> Iterable[SegmentQuote]: ...


def code_label(path: Sequence[str], flags: str = "") -> str:
    """A code path for reading, e.g. "Coping again / Space to think (C, M)"."""
    return f"{' / '.join(path)} {flag_label(flags)}".rstrip()


def segments_table(report: Sequence[CodeQuotesLike], coder: str | None) -> Table:
    """Code | quote | citation (| coder when everyone's coding is shown)."""
    return segments_stream(report, coder).table()


def segments_stream(report: Iterable[CodeQuotesLike], coder: str | None) -> TableStream:
    """The segments table with its rows made as they are written, code by code."""
    columns = [Column("Code", 4.5), Column("Quote", 8.5), Column("Citation", 3.0)]
    if coder is None:
        columns.append(Column("Coder", 2.5))
    who = "all coders" if coder is None else coder
    return TableStream(
        title=f"Coded segments: {who}",
        columns=tuple(columns),
        rows=segment_rows(report, with_coder=coder is None),
        data=segment_fields(report, with_coder=coder is None),
        note="Citations give the participant, the interview and the transcript lines.",
        group_first=True,
        kind="segments report",
    )


def segment_rows(report: Iterable[CodeQuotesLike], with_coder: bool) -> Iterator[Row]:
    """One row per quote in report order; a code's rows share its cell, a coder's theirs."""
    coders: dict[str, Cell] = {}
    for entry in report:
        label = Cell.of(code_label(entry.path, entry.flags))
        for quote in entry.quotes:
            words, cited = text_cell(quote.text), text_cell(quote.citation)
            if with_coder:
                by = coders.get(quote.coder)
                if by is None:
                    by = coders[quote.coder] = Cell.of(quote.coder)
                yield label, words, cited, by
            else:
                yield label, words, cited


def segment_fields(report: Iterable[CodeQuotesLike], with_coder: bool) -> Iterator[list[str]]:
    """The rows of :func:`segment_rows` as data formats write them, without cells."""
    for entry in report:
        label = code_label(entry.path, entry.flags)
        if with_coder:
            for quote in entry.quotes:
                yield [label, quote.text, quote.citation, quote.coder]
        else:
            for quote in entry.quotes:
                yield [label, quote.text, quote.citation]


def text_cell(text: str) -> Cell:
    """``Cell.of(text)`` for a string, made without its checks (a cell per quote adds up)."""
    return Cell((text,)) if text else Cell()
