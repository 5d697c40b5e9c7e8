"""Auto-coding: exact, regex and fuzzy search, widened hits, preview, one undoable audited step."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.services import coding
from qcode.services.history import History
from qcode.services.search import autocode, search_project
from qcode.store.models import AuditEvent, Segment
from tests.helpers import audit_count, dump

PJ1 = (
    "Interviewer: How did mentoring help? Tell me.\n"
    "PJ: My mentor listened. She made time for me.\n"
    "We met monthly after clinic.\n"
    "\n"
    "Interviewer: Anything else?\n"
    "PJ: The mentr was kind. Really kind.\n"
)
PR1 = "PR: No mentor at all. Time was short.\n"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.fixture
def project(make_project):
    return make_project(
        documents={"PJ 1": ("PJ", 1, PJ1), "PR 1": ("PR", 1, PR1)}, codes=["Support", "Time"]
    )


def hits_of(project, query: str, mode: str = "exact", unit: str = "none", **options):
    with project.session() as session:
        return search_project(session, query, mode, unit, **options)


def found(hits) -> list[tuple[str, int, int]]:
    return [(h.document, h.start, h.end) for h in hits]


def test_exact_search_ignores_case_and_finds_words_inside_words(project) -> None:
    hits = hits_of(project, "MENTOR")
    # "mentor" inside "mentoring" (line 1) and "My mentor" (line 2) in PJ 1; "No mentor" in PR 1.
    ring, mine = PJ1.index("mentoring"), PJ1.index("mentor listened")
    assert found(hits) == [
        ("PJ 1", ring, ring + 6),
        ("PJ 1", mine, mine + 6),
        ("PR 1", *span(PR1, "mentor")),
    ]
    assert [h.citation for h in hits] == ["PJ 1, line 1", "PJ 1, line 2", "PR 1, line 1"]
    assert [h.text for h in hits] == ["mentor", "mentor", "mentor"]
    assert found(hits_of(project, "mentor", documents=["PR 1"])) == [("PR 1", *span(PR1, "mentor"))]


def test_regex_and_fuzzy_search(project) -> None:
    assert found(hits_of(project, r"m[a-z]+ly\b", "regex")) == [("PJ 1", *span(PJ1, "monthly"))]
    # "mentr was kind" against "mentor was kind": 14 of 15 letters match, ratio 28/29 ≈ 97.
    fuzzy = hits_of(project, "mentor was kind", "fuzzy", threshold=90)
    assert found(fuzzy) == [("PJ 1", *span(PJ1, "mentr was kind"))]
    assert hits_of(project, "mentor was kind", "fuzzy", threshold=100) == []


@pytest.mark.parametrize(
    ("query", "unit", "expected"),
    [
        ("made time", "sentence", "She made time for me."),
        ("monthly", "sentence", "We met monthly after clinic."),
        ("monthly", "paragraph", "We met monthly after clinic."),
        (
            "monthly",
            "turn",
            "PJ: My mentor listened. She made time for me.\nWe met monthly after clinic.",
        ),
        ("else", "turn", "Interviewer: Anything else?"),
    ],
)
def test_hits_widen_to_sentence_paragraph_or_speaker_turn(
    project, query: str, unit: str, expected: str
) -> None:
    (hit,) = hits_of(project, query, unit=unit)
    assert (hit.document, hit.start, hit.end, hit.text) == ("PJ 1", *span(PJ1, expected), expected)


def test_preview_changes_nothing_and_coding_all_is_one_undoable_audited_step(project) -> None:
    coding.code_span(project, "PJ 1", "Support", "Ann", *span(PJ1, "My mentor"))
    history = History(project)
    before, events = dump(project), audit_count(project)
    hits = hits_of(project, "mentor", unit="sentence")
    assert (dump(project), audit_count(project)) == (before, events)  # the preview
    history.push(autocode(project, hits, "Support", "Ann", query="mentor"))
    assert audit_count(project) == events + 1
    coded_state = dump(project)
    with project.session() as session:
        rows = session.scalars(select(Segment).order_by(Segment.document_id, Segment.start))
        coded = [(s.document.name, s.coder.name, s.start, s.end) for s in rows]
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    # Ann's "My mentor" lies inside the widened sentence "PJ: My mentor listened.": one segment.
    assert coded == [
        ("PJ 1", "Ann", *span(PJ1, "Interviewer: How did mentoring help?")),
        ("PJ 1", "Ann", *span(PJ1, "PJ: My mentor listened.")),
        ("PR 1", "Ann", *span(PR1, "PR: No mentor at all.")),
    ]
    assert (event.action, event.actor, event.target_type) == ("auto-code", "Ann", "code")
    after = json.loads(event.after)
    assert (after["code"], after["coder"], after["query"]) == (["Support"], "Ann", "mentor")
    assert after["hits"] == [[h.document, h.start, h.end] for h in hits]
    history.undo()
    assert dump(project) == before
    history.redo()
    assert dump(project) == coded_state
    assert audit_count(project) == events + 3  # the step, its undo and its redo


@pytest.mark.parametrize(
    ("query", "mode", "options", "message"),
    [
        ("(", "regex", {}, "Invalid regular expression"),
        ("mentor", "fuzzy", {"threshold": 0}, "threshold"),
        ("mentor", "sounds-like", {}, "search mode must be"),
        ("   ", "exact", {}, "search text is empty"),
        ("mentor", "exact", {"documents": ["PZ 1"]}, "no document 'PZ 1'"),
    ],
)
def test_bad_searches_are_one_line_errors(project, query, mode, options, message) -> None:
    with project.session() as session, pytest.raises(QcodeError, match=message):
        search_project(session, query, mode, **options)


def test_autocode_refusals_change_nothing(project) -> None:
    hits = hits_of(project, "mentor")
    before, events = dump(project), audit_count(project)
    with pytest.raises(QcodeError, match="no hits"):
        autocode(project, [], "Support", "Ann")
    with pytest.raises(QcodeError, match="no code 'Nope'"):
        autocode(project, hits, "Nope", "Ann")
    with pytest.raises(QcodeError, match="coder needs a name"):
        autocode(project, hits, "Support", "  ")
    assert (dump(project), audit_count(project)) == (before, events)
