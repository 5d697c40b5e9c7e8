"""Quotes from a project: citation styles, respondents cited "Q3", the session's style."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import QcodeError
from qcode.ingest import IngestedDocument
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.quotes import QuoteStyle, quotes_for, use_quote_style
from qcode.store.models import Segment
from qcode.store.project import Project

TALK = (
    "Interviewer: How do the sessions start?\n"
    "PM: We start with the week. Then we pick one knot to untie.\n"
    "Interviewer: Who picks it?\n"
    "PM: Mostly me, though she nudges.\n"
)


def store(project: Project, doc: IngestedDocument, options: ImportOptions) -> None:
    outcome = store_ingested(project, Path(f"{doc.name}.{doc.format}"), [doc], options)
    assert outcome.status == "imported", outcome.message


@pytest.fixture
def study(new_project: Callable[..., Project]) -> Project:
    """PM's first interview (role and grade as attributes), and respondents 3 and Q8."""
    project = new_project()
    talk = IngestedDocument(name="PM 1", text=TALK, format="txt")
    store(project, talk, ImportOptions("PM", 1, {"role": "GP", "grade": "trainer"}))
    for rid, answer in (("3", "More protected time, please."), ("Q8", "It kept me going.")):
        reply = IngestedDocument(
            name=rid,
            text=f"Wishes: {answer}",
            format="csv",
            kind="questionnaire",
            participant=rid,
            attributes={"Role": "nurse"},
        )
        store(project, reply, ImportOptions())
    add_code(project, "Structure")
    for doc, words, through in (
        ("PM 1", "one knot", "though she"),
        ("3", "More protected", "please."),
        ("Q8", "kept me", "going."),
    ):
        text = TALK if doc == "PM 1" else f"Wishes: {words}"
        start = text.index(words) if doc == "PM 1" else len("Wishes: ")
        end = text.index(through) + len(through) if doc == "PM 1" else None
        code_span(project, doc, "Structure", "Ann", start, end or start + len(words))
    return project


def quotes(project: Project, style: QuoteStyle | None = None) -> list[tuple[str, str]]:
    with project.session() as session:
        if style is not None:
            use_quote_style(session, style)
        segments = session.scalars(select(Segment).order_by(Segment.id)).all()
        return [(q.text, q.citation) for q in quotes_for(session, segments)]


def test_by_default_lines_are_cited_and_interviewer_turns_left_out(study: Project) -> None:
    assert quotes(study)[0] == (
        "\u2026 one knot to untie. \u2026 Mostly me, though she \u2026",
        "PM 1, lines 2\u20134",
    )


def test_a_respondent_is_cited_by_id_with_q_before_a_bare_number(study: Project) -> None:
    assert [cited for _words, cited in quotes(study)[1:]] == ["Q3", "Q8"]


@pytest.mark.parametrize(
    ("style", "interview", "respondent"),
    [
        (QuoteStyle(citation="short"), "PM 1", "Q3"),
        (QuoteStyle(citation="full"), "[PM 1, 2\u20134]", "[Q3]"),
        (
            QuoteStyle(citation="full", cite_with=("Role", "grade")),
            "[PM 1: GP/trainer, 2\u20134]",
            "[Q3: nurse]",
        ),
    ],
)
def test_citation_styles(
    study: Project, style: QuoteStyle, interview: str, respondent: str
) -> None:
    cited = [c for _words, c in quotes(study, style)]
    assert cited[:2] == [interview, respondent]


def test_lines_cited_are_those_of_the_words_printed(study: Project) -> None:
    """A quote ending in an interviewer's question cites the participant's lines only."""
    start, end = TALK.index("Then we"), TALK.index("picks it?") + len("picks it?")
    code_span(study, "PM 1", "Structure", "Ben", start, end)
    assert quotes(study)[-1] == ("Then we pick one knot to untie.", "PM 1, line 2")


def test_the_style_off_prints_the_words_as_coded(study: Project) -> None:
    words, cited = quotes(study, QuoteStyle(interviewer=(), ellipsis=False))[0]
    assert words == "one knot to untie. Interviewer: Who picks it? PM: Mostly me, though she"
    assert cited == "PM 1, lines 2\u20134"


def test_an_unknown_citation_style_is_refused() -> None:
    with pytest.raises(QcodeError, match="unknown citation style 'long'"):
        QuoteStyle(citation="long")
