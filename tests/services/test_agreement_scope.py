"""The agreement service: scope by kind, participant and wave; a pair unchanged by a third coder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.errors import QcodeError
from qcode.ingest import IngestedDocument
from qcode.services.agreement import AgreementRequest, agreement
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.store.project import Project, create_project
from tests.helpers import add_text, dump

INTERVIEWS = {"PA 1": ("PA", 1, 120), "PA 2": ("PA", 2, 90), "PB 1": ("PB", 1, 150)}
SURVEY = "Q1"
CODES = ["Work/Rota", "Health", "Cai's own"]
CODING = [
    ("PA 1", "Work/Rota", "Ana", 0, 60),
    ("PA 1", "Work/Rota", "Ben", 30, 80),
    ("PA 2", "Work/Rota", "Ana", 10, 50),
    ("PA 2", "Health", "Ben", 0, 30),
    ("PB 1", "Health", "Ana", 20, 70),
    ("PB 1", "Health", "Ben", 25, 70),
    ("PB 1", "Health", "Cai", 20, 90),
    ("Q1", "Work/Rota", "Ana", 0, 20),
    ("Q1", "Work/Rota", "Ben", 0, 25),
    ("PA 1", "Cai's own", "Cai", 0, 120),
    ("PB 1", "Cai's own", "Cai", 0, 150),
]


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """Three interviews of two participants over two waves and a survey answer; Cai codes a
    code that neither Ana nor Ben uses."""
    with create_project(tmp_path / "team.qcode") as project:
        for name, (participant, wave, size) in INTERVIEWS.items():
            add_text(project, name, "x" * size, participant, wave)
        answer = IngestedDocument(SURVEY, "y" * 40, "csv", kind="questionnaire", participant="Q1")
        store_ingested(project, Path("survey.csv"), [answer], ImportOptions())
        for path in CODES:
            add_code(project, path)
        for document, code, coder, start, end in CODING:
            code_span(project, document, code, coder, start, end)
        yield project


def figures(project: Project, **request: object):  # type: ignore[no-untyped-def]
    with project.session() as session:
        return agreement(session, AgreementRequest(**request)).result  # type: ignore[arg-type]


def same_figures(one, other) -> bool:  # type: ignore[no-untyped-def]
    assert one.documents == other.documents
    assert one.codes == other.codes and one.overall == other.overall
    assert one.cells() == other.cells()
    return True


@pytest.mark.parametrize(
    ("scope", "documents"),
    [
        ({"kind": "interview"}, ("PA 1", "PA 2", "PB 1")),
        ({"kind": "survey"}, ("Q1",)),
        ({"participants": ["PA"]}, ("PA 1", "PA 2")),
        ({"participants": ["PA", "Q1"]}, ("PA 1", "PA 2", "Q1")),
        ({"waves": [1]}, ("PA 1", "PB 1")),
        ({"kind": "interview", "waves": [2]}, ("PA 2",)),
        ({"participants": ["PA"], "waves": [1, 2]}, ("PA 1", "PA 2")),
        ({"documents": ["PA 1", "PB 1", "Q1"], "kind": "interview"}, ("PA 1", "PB 1")),
    ],
)
def test_a_scope_gives_the_figures_of_the_documents_it_picks(team, scope, documents) -> None:
    coders = ["Ana", "Ben", "Cai"]
    scoped = figures(team, coders=coders, **scope)
    assert scoped.documents == documents
    assert same_figures(scoped, figures(team, coders=coders, documents=list(documents)))


def test_repeated_documents_still_work(team) -> None:
    result = figures(team, coders=["Ana", "Ben"], documents=["PB 1", "PA 1"])
    assert result.documents == ("PA 1", "PB 1")
    assert {cell.document for cell in result.cells()} == {"PA 1", "PB 1"}


def test_ana_and_bens_figures_do_not_change_when_cai_is_named(team) -> None:
    pair = figures(team, coders=["Ana", "Ben"])
    trio = figures(team, coders=["Ana", "Ben", "Cai"])
    assert [c.code for c in pair.codes] == [("Work", "Rota"), ("Health",)]
    assert [c.code for c in trio.codes] == [("Work", "Rota"), ("Health",), ("Cai's own",)]
    assert trio.overall.pairs[0] == pair.overall.pairs[0]
    for mine, theirs in zip(trio.codes, pair.codes, strict=False):
        assert mine.pairs[0] == theirs.pairs[0]
    own = trio.codes[2].pairs[0]  # Ana × Ben on Cai's own code: not applicable
    assert own.counts.kappa is None and own.counts.ac1 is None and own.weighted_kappa is None
    assert trio.codes[2].pairs[1].counts.any_coded  # Ana × Cai: Cai used it
    assert trio.codes[2].alpha_interval is not None and trio.codes[2].coders.fleiss is not None


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ({"participants": ["PZ"]}, "no participant 'PZ'"),
        ({"kind": "video"}, "no document kind 'video'"),
        ({"waves": [0]}, "a wave is 1 or more"),
        ({"kind": "survey", "waves": [1]}, "no document in the project is in this scope"),
        ({"participants": ["Q1"], "kind": "interview"}, "(interviews, participant Q1)"),
    ],
)
def test_a_bad_scope_is_a_one_line_error_and_changes_nothing(team, scope, message) -> None:
    before = dump(team)
    with pytest.raises(QcodeError) as error, team.session() as session:
        agreement(session, AgreementRequest(coders=["Ana", "Ben"], **scope))
    assert message in str(error.value) and "\n" not in str(error.value)
    assert dump(team) == before
