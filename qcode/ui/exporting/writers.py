"""The writers behind File ▸ Export: read through the services, write with qcode.export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from qcode.errors import QcodeError
from qcode.export.tables.captions import Caption
from qcode.export.tables.table import AnyTable, Cell, Column, Table, TableStream
from qcode.export.tables.write import RowLike, write_table
from qcode.services.output_paths import check_output_path
from qcode.store.project import Project, open_project
from qcode.ui.models.survey_stats import ItemStatistics
from qcode.ui.workers import Job, Progress


@dataclass(frozen=True)
class ExportChoices:
    """What some kinds ask before writing: whose agreement, which vignette, grouped by what,
    a paper table's caption (None: the project's kept one) and whether to add quotes."""

    coders: tuple[str, ...] = ()
    vignette: str | None = None
    group_by: str | None = None
    caption: Caption | None = None
    quotes: bool = False
    anyway: bool = False  # a vignette failing its anonymity check: export it all the same


@dataclass(frozen=True)
class Exported:
    """A finished export: the line the status bar shows."""

    line: str


def exported(count: int, noun: str, output: Path) -> str:
    """``Exported 1,204 segments to …``; a noun's ``(s)`` is dropped for one, kept for more."""
    noun = noun.replace("(s)", "" if count == 1 else "s")
    return f"Exported {count:,} {noun} to {output}"


def count_rows(table: AnyTable, counted: list[int]) -> AnyTable:
    """The table with its rows counted into ``counted[0]`` as they are written."""
    if not isinstance(table, TableStream):
        counted[0] = len(table.rows)
        return table

    def counting(rows: Iterable[RowLike]) -> Iterator[RowLike]:
        for row in rows:
            counted[0] += 1
            yield row

    data = None if table.data is None else counting(table.data)  # (what CSV reads instead)
    return replace(table, rows=counting(table.rows), data=data)


def write_counted(table: AnyTable, output: Path, noun: str) -> str:
    counted = [0]
    write_table(count_rows(table, counted), output)
    return exported(counted[0], noun, output)


# -- writers: each runs on a worker thread with its own connection ----------------------------


def write_report(
    project: Project,
    output: Path,
    read: Callable[[Session], Sequence[Any]],
    make_table: Callable[[Sequence[Any]], AnyTable],
    nothing: str,
    noun: str,
) -> str:
    """Read a report's rows, refuse with ``nothing`` if there are none, write its table."""
    with project.session() as session:
        rows = read(session)
    if not rows:
        raise QcodeError(nothing)
    return write_counted(make_table(rows), output, noun)


def write_cmo(project: Project, output: Path, choices: ExportChoices) -> str:
    """The CMO table (Table 5's layout) with its caption, and quotes if asked."""
    from qcode.export.tables.realist import cmo_table
    from qcode.services import reports

    with project.session() as session:
        themes = reports.configurations(session)
        caption = choices.caption or project_caption(session, "cmo")
    if not themes:
        raise QcodeError("no CMO statements to export: add them in Team ▸ CMO configurations")
    table = cmo_table(themes, choices.quotes, caption)
    write_table(table, output)
    return exported(len(table.rows), "configuration statement(s)", output)


def write_themes(project: Project, output: Path, choices: ExportChoices) -> str:
    """The themes table (Table 9's layout) with its caption."""
    from qcode.export.tables.realist import themes_table
    from qcode.services import reports

    with project.session() as session:
        themes = reports.themes_overview(session)
        caption = choices.caption or project_caption(session, "themes")
    if not themes:
        raise QcodeError("no outcome themes to export: flag some categories C or M first")
    write_table(themes_table(themes, caption), output)
    return exported(len(themes), "outcome theme(s)", output)


def project_caption(session: Session, kind: str) -> Caption:
    """The caption the project keeps for a paper table (the defaults if none)."""
    from qcode.export.tables.captions import kept_caption, setting_key
    from qcode.services.settings import read_setting

    return kept_caption(kind, read_setting(session, setting_key(kind)))


def write_codebook(project: Project, output: Path, _choices: ExportChoices) -> str:
    from qcode.export.tables.codebook import codebook_table
    from qcode.services import reports

    nothing = "the codebook is empty: there is nothing to export"
    return write_report(
        project, output, reports.codebook_report, codebook_table, nothing, "code(s)"
    )


def write_segments(project: Project, output: Path, _choices: ExportChoices) -> str:
    """Every coder's segments, code by code, written as they are read."""
    from qcode.export.tables.segments import segments_stream
    from qcode.services import reports

    with project.session() as session, reports.paused_collection():
        report = reports.stream_segments_report(session)
        first = next(report, None)
        if first is None:
            raise QcodeError("no coded segments to export yet")
        return write_counted(segments_stream(chain([first], report), None), output, "segment(s)")


def write_agreement_report(project: Project, output: Path, choices: ExportChoices) -> str:
    from qcode.export.agreement.write import write_agreement
    from qcode.services.agreement import AgreementRequest, agreement

    with project.session() as session:
        report = agreement(session, AgreementRequest(coders=choices.coders))
    write_agreement(report.result, output, f"Inter-coder agreement: {', '.join(report.coders)}")
    who = " and ".join([", ".join(report.coders[:-1]), report.coders[-1]])
    return f"Exported the agreement of {who} on {len(report.result.codes):,} codes to {output}"


def write_decisions(project: Project, output: Path, _choices: ExportChoices) -> str:
    from qcode.export.decision_log import write_decision_log
    from qcode.services.workshop.disagreements import log_progress
    from qcode.services.workshop.log import decision_log
    from qcode.store.project import project_title

    with project.session() as session:
        rows = decision_log(session)
        progress = log_progress(session, rows)
        title = f"Workshop decisions: {project_title(session)}"
    if not rows:
        raise QcodeError("no workshop decisions to export yet: decide in Team ▸ Workshop")
    write_decision_log(rows, output, title, progress)
    return exported(len(rows), "workshop decision(s)", output)


def write_vignette_file(project: Project, output: Path, choices: ExportChoices) -> str:
    from qcode.export.vignette import write_vignette
    from qcode.services.realist.vignette_view import check_exportable, vignette_view

    with project.session() as session:
        view = vignette_view(session, choices.vignette or "")
    check_exportable(view, choices.anyway)
    write_vignette(view, output)
    warning = f" — note: {view.warning}" if view.warning else ""
    return f"Exported the vignette “{view.title}” to {output}{warning}"


def write_audit(project: Project, output: Path, _choices: ExportChoices) -> str:
    from qcode.services.auditlog import export_audit_csv

    if output.suffix.lower() != ".csv":
        raise QcodeError(f"{output.name}: the audit log is written as .csv")
    with project.session() as session:
        count = export_audit_csv(session, output)
    return exported(count, "audit event(s)", output)


def write_statistics(project: Project, output: Path, choices: ExportChoices) -> str:
    """Every questionnaire item's n, mean, SD, median, min and max, as the dock shows them."""
    from qcode.ui.docks.survey_stats import survey_statistics

    with project.session() as session:
        summary = survey_statistics(session, choices.group_by)
    if not summary.rows:
        raise QcodeError("no questionnaire answers to describe: import a survey (.csv) first")
    noun = f"row(s) of statistics on {len(summary.items)} items"
    return write_counted(statistics_table(summary.rows, choices.group_by), output, noun)


def write_project_qdpx(project: Project, output: Path, _choices: ExportChoices) -> str:
    from qcode.export.refi.project import write_qdpx
    from qcode.services.refi.gather import gather_project

    if output.suffix.lower() != ".qdpx":
        raise QcodeError(f"{output.name}: a REFI-QDA project is written as .qdpx")
    with project.session() as session:
        data = gather_project(session)
    write_qdpx(data, output)
    counts = f"{len(data.documents):,} documents, {len(data.all_codes()):,} codes, " + (
        f"{len(data.segments):,} segments"
    )
    return f"Exported the project ({counts}) to {output}"


def write_codebook_qdc(project: Project, output: Path, _choices: ExportChoices) -> str:
    from qcode.export.refi.codebook import write_qdc
    from qcode.services.refi.gather import gather_codebook

    if output.suffix.lower() != ".qdc":
        raise QcodeError(f"{output.name}: a REFI-QDA codebook is written as .qdc")
    with project.session() as session:
        data = gather_codebook(session)
    write_qdc(data, output)
    return exported(len(data.all_codes()), "code(s)", output)


def statistics_table(rows: Sequence[ItemStatistics], by: str | None) -> Table:
    """Item | group | n | mean | SD | median | min | max: each item for all, then per group."""

    def number(value: float | None) -> Cell:
        return Cell() if value is None else Cell.of(round(value, 2))

    columns = [Column("Item", 6.0), Column("Group", 3.0)] + [
        Column(title, 1.6, "right") for title in ("n", "Mean", "SD", "Median", "Min", "Max")
    ]
    cells = []
    for row in rows:
        d = row.description
        stats = (d.mean, d.sd, d.median, d.minimum, d.maximum)
        cells.append(
            (Cell.of(row.item), Cell.of(row.group_title), Cell.of(d.n), *map(number, stats))
        )
    title = "Questionnaire statistics" + (f" by {by}" if by else "")
    return Table(title, tuple(columns), tuple(cells), group_first=True, kind="statistics")


Writer = Callable[[Project, Path, ExportChoices], str]


def export_job(project_path: Path, write: Writer, output: Path, choices: ExportChoices) -> Job:
    """Write one export in the worker thread, on its own connection to the project file."""

    def job(progress: Progress, _cancelled: Callable[[], bool]) -> Exported:
        check_output_path(output, project_path)
        if not output.parent.is_dir():
            raise QcodeError(f"{output}: folder {output.parent} does not exist")
        progress(0, 1, f"Writing {output.name}")
        with open_project(project_path) as project:
            return Exported(write(project, output, choices))

    return job
