"""A vignette's sources in the project's quote style, and its anonymity check over the
pseudonym list's names and places (and titled names) as well as its participants."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qcode.errors import QcodeError
from qcode.services.documents.attributes import set_participant_attributes
from qcode.services.history import History
from qcode.services.pseudonyms.pairs import add_pair
from qcode.services.quotes import (
    QuoteStyle,
    keep_quote_style,
    kept_quote_style,
    quote_style,
    use_quote_style,
)
from qcode.services.realist import vignettes
from qcode.services.realist.vignette_view import VignetteView, check_exportable, vignette_view
from qcode.services.settings import keep_setting
from qcode.store.project import Project
from tests.helpers import audit_count, dump

TEXTS = {
    "PK 1": (
        "PK",
        1,
        "Interviewer: How was it?\nPK: The surgery in Brackley was short of staff.\n",
    ),
    "PL 2": ("PL", 2, "Interviewer: And then?\nPL: My mentor listened. I slept better after.\n"),
}
CODES = ["Strain/Context", "Strain/Help", "Strain/Result"]
CODING = [
    ("PK 1", "Strain/Context", "Ann", 29, 72),  # 1: "The surgery in Brackley was short of staff."
    ("PL 2", "Strain/Help", "Ann", 27, 46),  # 2: "My mentor listened."
    ("PL 2", "Strain/Result", "Ann", 47, 68),  # 3: "I slept better after."
]
TITLE = "A long winter"


@pytest.fixture
def study(make_project: Callable[..., Project]) -> Project:
    project = make_project(TEXTS, CODES, CODING)
    vignettes.add_vignette(project, TITLE)
    vignettes.pick_segments(project, TITLE, "context", [1])
    vignettes.pick_segments(project, TITLE, "mechanism", [2])
    vignettes.pick_segments(project, TITLE, "outcome", [3])
    return project


def add_pseudonyms(project: Project, *rows: tuple[str, str, str]) -> None:
    """Put entries on the pseudonym list: (original, pseudonym, kind) each."""
    for original, pseudonym, kind in rows:
        add_pair(project, original, pseudonym, kind)


def view(project: Project) -> VignetteView:
    with project.session() as session:
        return vignette_view(session, TITLE)


def citations(project: Project) -> list[str | None]:
    return [part.citation for section in view(project).sections for part in section.parts]


def test_the_parts_are_cited_in_the_kept_style_one_undoable_step(study: Project) -> None:
    assert citations(study) == ["PK 1, line 2", "PL 2, line 2", "PL 2, line 2"]
    set_participant_attributes(study, "PK", {"Role": "GP trainer"})
    history = History(study)
    before, events = dump(study), audit_count(study)
    style = QuoteStyle(citation="full", cite_with=("Role",), interviewer=("PK",))
    history.push(keep_quote_style(study, style, actor="Ann", reason="as the paper cites"))
    assert audit_count(study) == events + 1
    with study.session() as session:
        assert kept_quote_style(session) == style
        assert quote_style(session) == style  # what a session falls back to
        use_quote_style(session, QuoteStyle(citation="short"))
        assert quote_style(session) == QuoteStyle(citation="short")  # set for it: that wins
    assert citations(study) == ["[PK 1: GP trainer, 2]", "[PL 2, 2]", "[PL 2, 2]"]
    history.undo()
    assert dump(study) == before
    assert citations(study) == ["PK 1, line 2", "PL 2, line 2", "PL 2, line 2"]
    history.redo()
    keep_quote_style(study, None)  # back to the default
    with study.session() as session:
        assert kept_quote_style(session) == QuoteStyle()


def test_an_unreadable_kept_style_is_one_clear_line(study: Project) -> None:
    keep_setting(study, "quotes.style", ["lines"])
    with study.session() as session, pytest.raises(QcodeError, match="quote style"):
        kept_quote_style(session)
    keep_setting(study, "quotes.style", {"citation": "long"})
    with study.session() as session, pytest.raises(QcodeError, match="unknown citation style"):
        kept_quote_style(session)
    keep_setting(study, "quotes.style", {"citation": "short"})  # the rest: the default's
    with study.session() as session:
        assert kept_quote_style(session) == QuoteStyle(citation="short")


def test_two_voices_and_no_listed_name_pass(study: Project) -> None:
    add_pseudonyms(study, ("Margaret Hollis", "Ruth Dale", "person"))
    shown = view(study)
    assert shown.participants == ("PK", "PL")
    assert (shown.check.passed, shown.check.findings, shown.warning) == (True, (), None)
    check_exportable(shown)  # nothing to refuse


def test_names_and_places_of_the_list_fail_the_check(study: Project) -> None:
    add_pseudonyms(
        study,
        ("Margaret Hollis", "Ruth Dale", "person"),
        ("Brackley", "Easton", "place"),
        ("Riverside Health Centre", "the health centre", "organisation"),
    )
    narrative = (
        "Dr Margaret Hollis's partners at Riverside Health Centre met Dr M weekly; "
        "Margret Hollis and Dr Dale's deputy kept the rota."
    )
    vignettes.set_narrative(study, TITLE, narrative)
    check = view(study).check
    found = [(f.where, f.found, f.original, f.kind) for f in check.findings]
    assert found == [
        ("in the narrative", "Dr Margaret Hollis's", "Margaret Hollis", "person"),
        ("in the narrative", "Riverside Health Centre", "Riverside Health Centre", "organisation"),
        ("in the narrative", "Dr M", None, "titled name"),
        ("in the narrative", "Margret Hollis", "Margaret Hollis", "person"),  # misspelt
        ("in Context, quote 1", "Brackley", "Brackley", "place"),  # the quote's own words
    ]  # "Dr Dale" is a pseudonym on the list: no finding
    assert not check.passed and not check.one_voice
    assert check.problems()[-1] == (
        f"vignette '{TITLE}' names 'Brackley' (in Context, quote 1), a real place on the "
        "pseudonym list"
    )
    with pytest.raises(QcodeError, match=r"names 'Dr Margaret Hollis's' .*\(and 4 more"):
        check_exportable(view(study))
    check_exportable(view(study), anyway=True)  # the explicit override


def test_an_original_in_a_citation_is_found_too(study: Project) -> None:
    add_pseudonyms(study, ("Kettering", "Northfield", "place"))
    set_participant_attributes(study, "PL", {"Practice": "Kettering"})
    keep_quote_style(study, QuoteStyle(citation="full", cite_with=("Practice",)))
    found = [(f.where, f.found) for f in view(study).check.findings]
    assert found == [
        ("in the citation of What mentoring did, quote 1", "Kettering"),
        ("in the citation of Impact and outcome, quote 1", "Kettering"),
    ]


def test_picking_a_quote_with_a_real_name_warns_at_once(
    make_project: Callable[..., Project],
) -> None:
    project = make_project(TEXTS, CODES, CODING)
    add_pseudonyms(project, ("Brackley", "Easton", "place"))
    vignettes.add_vignette(project, "Two places")
    picked = vignettes.pick_segments(project, "Two places", "context", [1, 2]).value
    assert picked.warning == (
        "vignette 'Two places' names 'Brackley' (in Context, quote 1), a real place on the "
        "pseudonym list"
    )
    vignettes.edit_part(project, picked.part_ids[0], "The surgery was short of staff.")
    with project.session() as session:
        assert vignette_view(session, "Two places").check.passed


def test_one_voice_fails_and_says_so_first(make_project: Callable[..., Project]) -> None:
    project = make_project(TEXTS, CODES, CODING)
    add_pseudonyms(project, ("Brackley", "Easton", "place"))
    vignettes.add_vignette(project, "One voice")
    picked = vignettes.pick_segments(project, "One voice", "context", [1]).value
    assert picked.warning is not None
    problems = picked.warning.split("; a composite")[0]
    assert problems == "vignette 'One voice' draws on one participant only (PK)"
    with project.session() as session:
        shown = vignette_view(session, "One voice")
    assert shown.check.one_voice and len(shown.check.problems()) == 2
    with pytest.raises(QcodeError, match="one participant only .*and 1 more problem"):
        check_exportable(shown, override="use --override-anonymity")
