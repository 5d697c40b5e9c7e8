"""Write the workshop decision log as CSV, or as a landscape Word table with a methods note."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table

from qcode.errors import QcodeError

Span = tuple[int, int]

CSV_COLUMNS = (
    "when",
    "document",
    "code",
    "start",
    "end",
    "citation",
    "text",
    "coder_a",
    "coder_b",
    "coders",
    "choice",
    "decision",
    "result",
    "rationale",
    "attendees",
    "decided_by",
    "status",
    "decided_on",
)
DOCX_COLUMNS = ("When", "Passage", "Code", "Coders", "Decision", "Rationale", "Attendees", "By")
DOCX_WEIGHTS = (2.7, 7.0, 3.4, 2.4, 3.6, 5.0, 2.6, 2.0)  # relative column widths
# Characters XML 1.0 cannot hold (a PDF's form feed, say): shown as a space in Word.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class DecisionRow(Protocol):
    """What a writer needs of one decision (``services.workshop_log.DecisionLogRow``)."""

    @property
    def decided_at(self) -> datetime: ...
    @property
    def document(self) -> str: ...
    @property
    def code(self) -> Sequence[str]: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def citation(self) -> str: ...
    @property
    def coder_a(self) -> str: ...
    @property
    def coder_b(self) -> str: ...
    @property
    def choice(self) -> str: ...
    @property
    def choice_words(self) -> str: ...
    @property
    def result(self) -> Sequence[Span]: ...
    @property
    def rationale(self) -> str: ...
    @property
    def attendees(self) -> Sequence[str]: ...
    @property
    def decided_by(self) -> str: ...


def code_text(path: Sequence[str]) -> str:
    """A code path as the command line writes it: names joined by "/" ("\\/" inside a name)."""
    return "/".join(name.replace("/", "\\/") for name in path)


def spans_text(spans: Sequence[Span]) -> str:
    return "; ".join(f"{start}:{end}" for start, end in spans)


def when_text(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")


def csv_record(row: DecisionRow) -> list[object]:
    return [
        when_text(row.decided_at),
        row.document,
        code_text(row.code),
        row.start,
        row.end,
        row.citation,
        row.text,
        row.coder_a,
        row.coder_b,
        "; ".join(getattr(row, "coders", ()) or (row.coder_a, row.coder_b)),
        row.choice,
        row.choice_words,
        spans_text(row.result),
        row.rationale,
        ", ".join(row.attendees),
        row.decided_by,
        status_of(row),
        code_text(getattr(row, "decided_on", None) or ()),
    ]


def status_of(row: DecisionRow) -> str:
    """ "in force", or "superseded by decision 7 on …" (rows without a status are in force)."""
    return str(getattr(row, "status", "in force"))


def write_csv(rows: Sequence[DecisionRow], path: Path) -> None:
    """One line per decision under a header line, UTF-8."""
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(csv_record(row) for row in rows)
    except OSError as exc:
        raise QcodeError(f"{path}: could not write the decision log ({exc.strerror})") from exc


def _count_phrase(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def kept_name(row: DecisionRow) -> str | None:
    """The coder a keep decision kept (None: another choice)."""
    if row.choice == "keep_a":
        return row.coder_a
    if row.choice == "keep_b":
        return row.coder_b
    return getattr(row, "kept", None) if row.choice == "keep" else None


def choice_summary(rows: Sequence[DecisionRow]) -> str:
    """How the passages were settled, e.g. "kept Ana's coding in 3 passages, …"."""
    kept = Counter(name for name in map(kept_name, rows) if name is not None)
    choices = Counter(row.choice for row in rows)
    pair = max((len(getattr(row, "coders", ()) or (1, 2)) for row in rows), default=2) == 2
    parts = [f"kept {name}'s coding in {_count_phrase(n, 'passage')}" for name, n in kept.items()]
    phrases = {
        "majority": "coded what a majority of the coders coded in {}",
        "unanimity": "coded only what every coder coded in {}",
        "union": f"coded what {'either' if pair else 'any'} coder coded in {{}}",
        "overlap": (
            "coded only what both coders coded in {}"
            if pair
            else "coded what every coder who used the code coded in {}"
        ),
        "custom": "coded a span of its own choosing in {}",
        "none": "left {} uncoded",
    }
    for choice, phrase in phrases.items():
        if choices[choice]:
            parts.append(phrase.format(_count_phrase(choices[choice], "passage")))
    return _names(parts)


TYPE_WORDS = {  # how a methods paragraph counts decisions by type
    "keep_a": "kept one coder's coding",
    "keep_b": "kept one coder's coding",
    "keep": "kept one coder's coding",
    "majority": "majority",
    "unanimity": "unanimity only",
    "union": "union",
    "overlap": "overlap",
    "custom": "a span of the team's own",
    "none": "no code",
}


def coders_of(rows: Sequence[DecisionRow]) -> list[str]:
    """Every coder compared in ``rows``, each once, by name."""
    named = set()
    for row in rows:
        named.update(getattr(row, "coders", ()) or (row.coder_a, row.coder_b))
    return sorted(named, key=lambda name: (name.casefold(), name))


def by_type(rows: Sequence[DecisionRow]) -> str:
    """ "1 kept one coder's coding, 1 union" in the order of ``TYPE_WORDS``."""
    counts = Counter(TYPE_WORDS[row.choice] for row in rows)
    order = list(dict.fromkeys(TYPE_WORDS.values()))
    return ", ".join(f"{counts[words]} {words}" for words in order if counts[words])


def decided_sentence(rows: Sequence[DecisionRow], progress: tuple[int, int] | None) -> str:
    """How many units were decided, of how many, by type, and how many remain open."""
    if progress is None:
        return (
            f"{_count_phrase(len(rows), 'passage')} where their coding differed "
            f"{'was' if len(rows) == 1 else 'were'} decided in a whole-team workshop: "
            f"{by_type(rows)}."
        )
    decided, total = progress
    return (
        f"{decided} of {_count_phrase(total, 'disagreement')} "
        f"{'was' if decided == 1 else 'were'} decided in a whole-team workshop: "
        f"{by_type(rows)}; {total - decided} remain{'s' if total - decided == 1 else ''} open."
    )


def methods_paragraph(rows: Sequence[DecisionRow], progress: tuple[int, int] | None = None) -> str:
    """A short methods-appendix paragraph generated from the decisions' counts.

    Only decisions in force are counted; superseded ones are mentioned. ``progress`` is
    (decided, total) disagreement units, when the caller counted them.
    """
    rows, superseded = in_force_rows(rows)
    if not rows and superseded:
        were = _count_phrase(superseded, "was", "were")
        return f"No workshop decision is in force ({were} superseded)."
    if not rows:
        return "No workshop decisions have been recorded."
    days = sorted({row.decided_at.date().isoformat() for row in rows})
    attendees = sorted({name for row in rows for name in row.attendees})
    recorders = sorted({row.decided_by for row in rows if row.decided_by})
    documents = {row.document for row in rows}
    codes = {tuple(row.code) for row in rows}
    attended = f", attended by {_names(attendees)}" if attendees else ""
    recorded = f" and recorded by {_names(recorders)}" if recorders else ""
    earlier = (
        f" It also keeps {_count_phrase(superseded, 'earlier decision')} the team later "
        "replaced, marked superseded."
        if superseded
        else ""
    )
    return (
        f"Coders coded the material independently; the coding of {_names(coders_of(rows))} "
        "was then compared character by character for each code and document. "
        f"{decided_sentence(rows, progress)} Each decision was recorded with its rationale. "
        f"This log lists {_count_phrase(len(rows), 'decision')} in force "
        f"on passages in {_count_phrase(len(documents), 'document')} and "
        f"{_count_phrase(len(codes), 'code')}, taken on {_count_phrase(len(days), 'day')} "
        f"({', '.join(days)}){attended}{recorded}.{earlier} The team {choice_summary(rows)}. "
        "The decided coding forms the consensus layer (coder “Consensus”); each coder's own "
        "coding was kept unchanged."
    )


def in_force_rows(rows: Sequence[DecisionRow]) -> tuple[list[DecisionRow], int]:
    """The rows still in force, and how many were superseded."""
    kept = [row for row in rows if getattr(row, "superseded_by", None) is None]
    return kept, len(rows) - len(kept)


def clean(text: str) -> str:
    """Text Word can hold: XML-invalid control characters become spaces."""
    return _XML_INVALID.sub(" ", text)


def docx_cells(row: DecisionRow) -> list[str]:
    decision = row.choice_words
    if row.result and row.choice != "custom":
        decision += f" ({spans_text(row.result)})"
    if getattr(row, "superseded_by", None) is not None:
        decision = f"[{status_of(row)}] {decision}"
    return [
        row.decided_at.date().isoformat(),
        f"{row.citation} ({row.start}:{row.end})\n“{row.text}”",
        code_cell(row),
        " / ".join(getattr(row, "coders", ()) or (row.coder_a, row.coder_b)),
        decision,
        row.rationale,
        ", ".join(row.attendees),
        row.decided_by,
    ]


def code_cell(row: DecisionRow) -> str:
    """The code's path, and the code it was decided on when a merge or rename changed it."""
    then = getattr(row, "decided_on", None)
    return code_text(row.code) + (f"\n(decided on {code_text(then)})" if then else "")


def repeat_header(table: Table) -> None:
    """Mark the first row as a header row that Word repeats on every page."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def landscape(document: docx.document.Document) -> None:
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    if width is not None and height is not None and width < height:
        section.page_width, section.page_height = height, width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))


def decision_table(document: docx.document.Document, rows: Sequence[DecisionRow]) -> Table:
    table = document.add_table(rows=1, cols=len(DOCX_COLUMNS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, DOCX_COLUMNS, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    repeat_header(table)
    for row in rows:
        added = table.add_row()
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # keep a row on one page
        for cell, value in zip(added.cells, docx_cells(row), strict=True):
            cell.text = clean(value)
    table.autofit = False
    section = document.sections[0]
    usable = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    for column, weight in zip(table.columns, DOCX_WEIGHTS, strict=True):
        width = Emu(int(usable * weight / sum(DOCX_WEIGHTS)))
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def write_docx(
    rows: Sequence[DecisionRow], path: Path, title: str, progress: tuple[int, int] | None = None
) -> None:
    """A landscape Word document: title, methods paragraph, one table row per decision."""
    document = docx.Document()
    landscape(document)
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(clean(title), level=1)
    document.add_paragraph(clean(methods_paragraph(rows, progress)))
    decision_table(document, rows)
    try:
        document.save(str(path))
    except OSError as exc:
        raise QcodeError(f"{path}: could not write the decision log ({exc.strerror})") from exc


def write_decision_log(
    rows: Sequence[DecisionRow],
    path: Path,
    title: str,
    progress: tuple[int, int] | None = None,
) -> str:
    """Write ``.csv`` or ``.docx`` as ``path``'s suffix says; one line saying what was written.

    ``progress``: (decided, total) disagreement units, for the methods paragraph.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(rows, path)
    elif suffix == ".docx":
        write_docx(rows, path, title, progress)
    else:
        raise QcodeError(f"{path.name}: the decision log is written as .csv or .docx")
    return f"wrote {_count_phrase(len(rows), 'decision')} to {path}"
