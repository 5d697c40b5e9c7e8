"""Write the demo project: fictional GP-mentoring material imported, coded by two coders."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from qcode.errors import QcodeError
from qcode.services.cases import create_case, link_segments
from qcode.services.codebook.edit import add_code, codebook_tree
from qcode.services.coders import add_coder
from qcode.services.coding import code_quote
from qcode.services.demo import content
from qcode.services.documents.listing import list_documents
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.imports import import_files
from qcode.services.lookup import get_document
from qcode.services.memos import MemoTarget, add_memo
from qcode.services.realist.evidence import attach_evidence
from qcode.services.realist.statements import add_statement
from qcode.services.realist.vignettes import add_vignette, pick_segments, set_narrative
from qcode.services.retrieval import retrieve_segments
from qcode.store.project import Project, create_project

Progress = Callable[[int, int, str], None]


class _Steps:
    """Counts finished steps and reports them to an optional progress callback."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def tick(self, label: str, count: int = 1) -> None:
        self.done += count
        if self.progress:
            self.progress(min(self.done, self.total), self.total, label)


def build_demo(path: Path, progress: Progress | None = None) -> Project:
    """Create the demo project at ``path`` (which must not exist) and return it open.

    ``progress(done, total, label)`` is called after each step. If anything fails,
    the half-written file is removed and the error is raised.
    """
    path = Path(path)
    if path.exists():
        raise QcodeError(f"{path}: already exists; the demo is only written to a new file")
    plan = content.coding_plan()
    codebook = content.codebook_rows()
    fixed = (content.PARTICIPANTS, content.CODERS, content.CASES, content.MEMOS)
    total = 2 + len(codebook) + len(plan) + len(content.CMO_STATEMENTS) + sum(map(len, fixed))
    steps = _Steps(total, progress)
    project = create_project(path, title=content.TITLE)
    try:
        _import_material(project, steps)
        codes = _build_codebook(project, codebook, steps)
        for name, color in content.CODERS:
            add_coder(project, name, color=color, actor=name)
            steps.tick(f"coder {name}")
        segments = apply_coding_plan(project, plan, steps.tick)
        cases = _build_cases(project, plan, segments, steps)
        _write_memos(project, codes, segments, cases, steps)
        _add_statements(project, plan, segments, steps)
        _add_vignette(project, plan, segments, steps)
    except BaseException:
        project.close()
        _remove_project_file(path)
        raise
    return project


def _remove_project_file(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


@contextmanager
def _material_files(names: list[str]) -> Iterator[list[Path]]:
    """Real file paths for shipped demo files (extracted if the package is zipped)."""
    folder = content.demo_folder()
    with ExitStack() as stack:
        yield [stack.enter_context(resources.as_file(folder.joinpath(n))) for n in names]


def _import_material(project: Project, steps: _Steps) -> None:
    """Import each participant's transcripts with their attributes, then the questionnaire."""
    batches: list[tuple[str, list[str], ImportOptions]] = [
        (
            label,
            [name for name in content.TRANSCRIPTS if name.startswith(f"{label} ")],
            ImportOptions(attributes=dict(attributes)),
        )
        for label, attributes in content.PARTICIPANTS.items()
    ]
    batches.append(("questionnaire", [content.QUESTIONNAIRE], ImportOptions()))
    for label, names, options in batches:
        with _material_files(names) as paths:
            outcomes = import_files(project, paths, options)
        failed = [o.message for o in outcomes if o.status != "imported"]
        if failed or len(outcomes) != len(names):
            raise QcodeError(f"the demo material did not import: {'; '.join(failed)}")
        steps.tick(f"imported {label}")


def _build_codebook(project: Project, rows: list[dict[str, str]], steps: _Steps) -> dict[str, int]:
    """Add every code (parents first) with flags, colour and descriptions; path → id."""
    ids: dict[str, int] = {}
    for row in rows:
        change = add_code(
            project,
            row["path"],
            flags=row.get("flags", ""),
            color=row.get("color") or None,
            description=row.get("description", ""),
            actor=content.CODEBOOK_AUTHOR,
            when_to_use=row.get("when_to_use", ""),
            when_not_to_use=row.get("when_not_to_use", ""),
            example=row.get("example", ""),
        )
        ids[row["path"]] = int(change.value)
        steps.tick(f"code {row['path'].rsplit('/', 1)[-1]}")
    return ids


def apply_coding_plan(
    project: Project,
    plan: Sequence[content.PlanRow],
    tick: Callable[[str], None] | None = None,
) -> dict[content.SegmentKey, int]:
    """Code every quote of a plan as its coder; plan row → segment id.

    A quote that is not in its document (or occurs twice), or an unknown code, raises a
    QcodeError naming the plan row, so a broken plan fails loudly.
    """
    segments: dict[content.SegmentKey, int] = {}
    for number, row in enumerate(plan, start=2):
        key = row.key
        try:
            change = code_quote(project, key.document, key.code, key.coder, key.quote)
        except QcodeError as exc:
            raise QcodeError(f"demo coding plan row {number} ({key.coder}): {exc}") from exc
        segments[key] = int(change.value)
        if tick:
            tick(f"{key.coder} codes {key.document}")
    return segments


def _build_cases(
    project: Project,
    plan: list[content.PlanRow],
    segments: dict[content.SegmentKey, int],
    steps: _Steps,
) -> dict[str, int]:
    """Create the topic cases and link the plan's segments marked for each; name → id."""
    ids: dict[str, int] = {}
    for name, participant, description in content.CASES:
        members = [segments[row.key] for row in plan if row.case == name]
        if not members:
            raise QcodeError(f"demo case '{name}' has no segments in the coding plan")
        ids[name] = int(create_case(project, name, participant, description, "Ana").value)
        link_segments(project, name, members, actor="Ana")
        steps.tick(f"case {name}")
    unknown = {row.case for row in plan if row.case} - set(ids)
    if unknown:
        raise QcodeError(f"demo coding plan names unknown cases: {', '.join(sorted(unknown))}")
    return ids


def _write_memos(
    project: Project,
    codes: dict[str, int],
    segments: dict[content.SegmentKey, int],
    cases: dict[str, int],
    steps: _Steps,
) -> None:
    """Write the memos on a document, a code, a segment and a case."""
    for memo in content.MEMOS:
        if memo.kind == "document":
            with project.session() as session:
                target_id = get_document(session, str(memo.target)).id
        else:
            tables: dict[str, Mapping[Any, int]] = {
                "code": codes,
                "segment": segments,
                "case": cases,
            }
            table = tables[memo.kind]
            if memo.target not in table:
                raise QcodeError(f"demo memo '{memo.title}': no {memo.kind} {memo.target!r}")
            target_id = table[memo.target]
        add_memo(project, memo.text, MemoTarget(memo.kind, target_id), memo.title, memo.author)
        steps.tick(f"memo {memo.title}")


def _add_statements(
    project: Project,
    plan: list[content.PlanRow],
    segments: dict[content.SegmentKey, int],
    steps: _Steps,
) -> None:
    """Add the CMO configuration statements, each citing a few of Ana's segments."""
    for spec in content.CMO_STATEMENTS:
        evidence = [evidence_segment(plan, segments, doc, words) for doc, words in spec.evidence]
        author = content.CODEBOOK_AUTHOR
        statement = add_statement(project, spec.theme, spec.text, list(spec.categories), author)
        attach_evidence(project, int(statement.value), evidence, actor=author)
        steps.tick(f"CMO statement for {spec.theme}")


def _add_vignette(
    project: Project,
    plan: list[content.PlanRow],
    segments: dict[content.SegmentKey, int],
    steps: _Steps,
) -> None:
    """Add the composite vignette, quoting Ana's segments from three participants."""
    spec, author = content.VIGNETTE, content.CODEBOOK_AUTHOR
    add_vignette(project, spec.title, spec.theme, actor=author)
    set_narrative(project, spec.title, spec.narrative, actor=author)
    for section, quotes in spec.sections:
        chosen = [evidence_segment(plan, segments, doc, words) for doc, words in quotes]
        pick_segments(project, spec.title, section, chosen, actor=author)
    steps.tick(f"vignette {spec.title}")


def evidence_segment(
    plan: list[content.PlanRow], segments: dict[content.SegmentKey, int], document: str, words: str
) -> int:
    """The one segment of the codebook author's in ``document`` whose quote has ``words``."""
    found = [
        segments[row.key]
        for row in plan
        if row.key.coder == content.CODEBOOK_AUTHOR
        and row.key.document == document
        and words in row.key.quote
    ]
    if len(found) != 1:
        raise QcodeError(f"demo CMO evidence '{words}' in {document}: {len(found)} segments match")
    return found[0]


@dataclass(frozen=True)
class DemoSummary:
    """The demo project's size, for the one line `qcode demo` prints."""

    documents: int
    codes: int
    segments: int
    coders: tuple[str, ...]

    def line(self, path: Path) -> str:
        return (
            f"wrote demo project to {path}: {self.documents} documents, {self.codes} codes, "
            f"{self.segments} segments by {' and '.join(self.coders)}"
        )


def summarize(project: Project) -> DemoSummary:
    """Count the documents, codes and segments of a (demo) project through the services."""
    with project.session() as session:
        documents = len(list_documents(session))
        codes = len(codebook_tree(session))
        rows = retrieve_segments(session)
    coders = tuple(sorted({row.coder for row in rows}))
    return DemoSummary(documents, codes, len(rows), coders)
