"""The demo project: material, codebook, two coders who overlap but differ, memos, cases, CMO."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from qcode.analysis.intervals import intersection, overlap_length, total_length, union
from qcode.errors import QcodeError
from qcode.ingest.naming import infer_participant_wave
from qcode.services.cases import case_summaries, get_case
from qcode.services.codebook.edit import codebook_tree
from qcode.services.codebook.exchange import codebook_rows
from qcode.services.coders import list_coders
from qcode.services.demo import content
from qcode.services.demo.build import apply_coding_plan, build_demo
from qcode.services.documents.listing import DocumentRow, list_documents
from qcode.services.lookup import get_code, get_document, get_participant
from qcode.services.matrices import numeric_attribute
from qcode.services.memos import MemoTarget, memos_on
from qcode.services.realist.configurations import list_statements
from qcode.services.retrieval import SegmentFilter, SegmentRow, retrieve_segments
from qcode.store.project import Project

Span = tuple[int, int]


@dataclass
class Built:
    """The demo built once for this module, and the progress reports it made."""

    project: Project
    path: Path
    progress: list[tuple[int, int, str]] = field(default_factory=list)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    path = tmp_path_factory.mktemp("demo") / "demo.qcode"
    reports: list[tuple[int, int, str]] = []
    project = build_demo(
        path, progress=lambda done, total, label: reports.append((done, total, label))
    )
    yield Built(project, path, reports)
    project.close()


@pytest.fixture(scope="module")
def documents(built: Built) -> list[DocumentRow]:
    with built.project.session() as session:
        return list_documents(session)


@pytest.fixture(scope="module")
def segments(built: Built) -> list[SegmentRow]:
    with built.project.session() as session:
        return retrieve_segments(session)


def interviews(documents: list[DocumentRow]) -> list[DocumentRow]:
    return [doc for doc in documents if doc.kind == "interview"]


def test_interviews_cover_participants_and_waves(documents: list[DocumentRow]) -> None:
    talk = interviews(documents)
    assert len(talk) >= 6
    assert len({doc.participant for doc in talk}) >= 3
    assert len({doc.wave for doc in talk}) >= 2
    for doc in talk:
        assert 3000 <= doc.chars <= 8000, doc.name
        assert infer_participant_wave(doc.name) == (doc.participant, doc.wave)


def test_questionnaire_respondents_have_likert_answers(
    built: Built, documents: list[DocumentRow]
) -> None:
    respondents = [doc for doc in documents if doc.kind == "questionnaire"]
    assert len(respondents) >= 10
    assert all(re.fullmatch(r"Q\d+", doc.name) for doc in respondents)
    likert = [name for name in questionnaire_headings() if name.endswith("(1-5)")]
    assert len(likert) >= 3
    with built.project.session() as session:
        for item in likert:
            values = numeric_attribute(session, item)
            assert len(values) == len(respondents)
            assert set(values.values()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
            assert len(set(values.values())) >= 3, f"{item}: answers should vary"
        texts = [get_document(session, doc.name).text for doc in respondents]
    assert sum("What would make it easier" in text for text in texts) >= 6
    assert len(set(texts)) == len(texts)


def questionnaire_headings() -> list[str]:
    header = content.demo_folder().joinpath(content.QUESTIONNAIRE).read_text("utf-8")
    return next(csv.reader([header.splitlines()[0]]))


def test_interviewees_carry_their_attributes(built: Built, documents: list[DocumentRow]) -> None:
    labels = {doc.participant for doc in interviews(documents)}
    with built.project.session() as session:
        for label in labels:
            attributes = {a.name: a.value for a in get_participant(session, label).attributes}
            expected = {k: str(v) for k, v in content.PARTICIPANTS[str(label)].items()}
            assert attributes == expected
        years = numeric_attribute(session, "Years qualified")
    assert len(years) == len(labels)


def test_codebook_has_outcome_themes_over_flagged_categories(built: Built) -> None:
    with built.project.session() as session:
        tree = codebook_tree(session)
        rows = codebook_rows(session)
    themes = [node for node in tree if node.depth == 0]
    categories = [node for node in tree if node.depth == 1]
    assert len(themes) >= 4 and all(theme.flags == "" for theme in themes)
    assert all(node.flags in {"C", "M", "CM"} for node in categories)
    assert {node.flags for node in categories} == {"C", "M", "CM"}
    assert len([node for node in tree if node.depth == 2]) >= 3
    assert len({node.color for node in tree}) == len(tree)
    for row in rows:
        assert row["description"] and row["when_to_use"] and row["example"], row["path"]


def test_two_coders_with_distinct_colours(built: Built) -> None:
    with built.project.session() as session:
        coders = list_coders(session)
    assert [coder.name for coder in coders] == ["Ana", "Ben"]
    assert coders[0].color != coders[1].color


def test_both_coders_code_every_interview(built: Built, documents: list[DocumentRow]) -> None:
    with built.project.session() as session:
        for doc in interviews(documents):
            for coder in ("Ana", "Ben"):
                found = retrieve_segments(session, SegmentFilter(document=doc.name, coder=coder))
                assert found, f"{coder} coded nothing in {doc.name}"


def test_each_coder_has_60_to_120_segments(segments: list[SegmentRow]) -> None:
    counts = Counter(row.coder for row in segments)
    assert set(counts) == {"Ana", "Ben"}
    assert all(60 <= count <= 120 for count in counts.values()), counts


def spans_by_coder(segments: list[SegmentRow]) -> dict[tuple[str, tuple[str, ...]], dict]:
    """(document, code) → coder → spans."""
    table: dict[tuple[str, tuple[str, ...]], dict[str, list[Span]]] = defaultdict(
        lambda: {"Ana": [], "Ben": []}
    )
    for row in segments:
        table[(row.document, row.code)][row.coder].append((row.start, row.end))
    return table


def test_coders_overlap_but_differ(segments: list[SegmentRow]) -> None:
    kinds: Counter[str] = Counter()
    for by_coder in spans_by_coder(segments).values():
        for coder, other in (("Ana", "Ben"), ("Ben", "Ana")):
            for span in by_coder[coder]:
                touching = [s for s in by_coder[other] if overlap_length(span, s) > 0]
                if span in by_coder[other]:
                    kinds["same"] += 1
                elif touching:
                    kinds["longer or shorter"] += 1
                else:
                    kinds[f"{coder} only"] += 1
    # Identical spans, spans one coder drew longer or shorter, and spans only one coder made.
    assert set(kinds) == {"same", "longer or shorter", "Ana only", "Ben only"}, kinds
    assert min(kinds.values()) >= 5, kinds


def pooled_kappa(segments: list[SegmentRow], sizes: dict[str, int]) -> float:
    """Cohen's kappa on characters, pooled over every code and document (CLI.md's formula)."""
    both = a_only = b_only = size = 0
    codes = {row.code for row in segments}
    table = spans_by_coder(segments)
    for document, chars in sizes.items():
        for code in codes:
            spans = table.get((document, code), {"Ana": [], "Ben": []})
            a, b = union(spans["Ana"], []), union(spans["Ben"], [])
            shared = total_length(intersection(a, b))
            both, size = both + shared, size + chars
            a_only += total_length(a) - shared
            b_only += total_length(b) - shared
    neither = size - both - a_only - b_only
    chance = ((both + a_only) * (both + b_only) + (neither + a_only) * (neither + b_only)) / size**2
    return ((both + neither) / size - chance) / (1 - chance)


def test_agreement_is_moderate_not_perfect(
    segments: list[SegmentRow], documents: list[DocumentRow]
) -> None:
    kappa = pooled_kappa(segments, {doc.name: doc.chars for doc in documents})
    assert 0.4 <= kappa <= 0.8, kappa


def normalise(text: str) -> str:
    return " ".join(text.split())


def test_every_plan_row_made_its_segment(segments: list[SegmentRow]) -> None:
    plan = content.coding_plan()
    made = Counter((r.document, "/".join(r.code), r.coder, normalise(r.text)) for r in segments)
    wanted = Counter((k.document, k.code, k.coder, normalise(k.quote)) for k, _case in plan)
    assert made == wanted


def test_a_quote_missing_from_its_document_fails_loudly(make_project) -> None:
    project = make_project(
        documents={"PA 1": ("PA", 1, "Interviewer: Where do you meet?\nPA: At the hub.")},
        codes=[("Theme/Protected time", "C")],
    )
    key = content.SegmentKey("PA 1", "Theme/Protected time", "Ana", "in the evenings")
    plan = [content.PlanRow(key, "")]
    with pytest.raises(QcodeError, match=r"plan row 2 \(Ana\): the quote is not in 'PA 1'"):
        apply_coding_plan(project, plan)
    with project.session() as session:
        assert retrieve_segments(session) == []


def test_memos_sit_on_a_document_a_code_a_segment_and_a_case(built: Built) -> None:
    kinds = set()
    with built.project.session() as session:
        for memo in content.MEMOS:
            target = resolve_memo_target(session, memo)
            titles = [m.title for m in memos_on(session, target)]
            assert memo.title in titles
            kinds.add(memo.kind)
    assert {"document", "code", "segment"} <= kinds


def resolve_memo_target(session, memo: content.MemoSpec) -> MemoTarget:
    """Find what a memo is about through the services, independently of the builder."""
    if memo.kind == "document":
        return MemoTarget("document", get_document(session, str(memo.target)).id)
    if memo.kind == "code":
        return MemoTarget("code", get_code(session, str(memo.target)).id)
    if memo.kind == "case":
        return MemoTarget("case", get_case(session, str(memo.target)).id)
    key = memo.target
    assert isinstance(key, content.SegmentKey)
    rows = retrieve_segments(session, SegmentFilter(code=key.code, coder=key.coder))
    (row,) = [r for r in rows if r.document == key.document and r.text == key.quote]
    return MemoTarget("segment", row.id)


def test_cases_follow_one_participant_across_waves(built: Built) -> None:
    with built.project.session() as session:
        summaries = case_summaries(session)
        assert len(summaries) >= 2
        for summary in summaries:
            case_id = get_case(session, summary.name).id
            rows = retrieve_segments(session, SegmentFilter(case=case_id))
            assert summary.participant is not None
            assert {row.participant for row in rows} == {summary.participant}
            assert len({row.wave for row in rows}) >= 2, summary.name


def test_cmo_statements_name_flagged_categories_of_their_theme(built: Built) -> None:
    with built.project.session() as session:
        themes = list_statements(session, all_themes=True)
    assert len(themes) >= 4
    for theme in themes:
        assert 1 <= len(theme.statements) <= 2, theme.name
        for statement in theme.statements:
            assert statement.categories and statement.evidence
            for category in statement.categories:
                assert category.path[0] == theme.name and category.flags in {"C", "M", "CM"}
            assert all(quote.coder == "Ana" for quote in statement.evidence)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_building_into_an_existing_file_is_refused(built: Built) -> None:
    before = file_digest(built.path)
    with pytest.raises(QcodeError, match="already exists") as refused:
        build_demo(built.path)
    assert "\n" not in str(refused.value)
    assert file_digest(built.path) == before


def test_progress_counts_up_to_its_total(built: Built) -> None:
    done = [report[0] for report in built.progress]
    totals = {report[1] for report in built.progress}
    assert len(totals) == 1 and done == sorted(done)
    assert built.progress[-1][0] == totals.pop()
    assert all(isinstance(report[2], str) and report[2] for report in built.progress)


def test_a_missing_folder_is_refused_without_leaving_files(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "demo.qcode"
    with pytest.raises(QcodeError, match="does not exist"):
        build_demo(target)
    assert not target.parent.exists()
