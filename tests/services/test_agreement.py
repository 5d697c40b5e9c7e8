"""The agreement service: scope by coders, code, documents, aggregate; one-line errors."""

from __future__ import annotations

import pytest

from qcode.analysis.agreement.measures import PairCounts
from qcode.analysis.agreement.report import AgreementOptions, compute_agreement
from qcode.errors import QcodeError
from qcode.services.agreement import AgreementRequest, agreement
from qcode.services.coders import add_coder
from tests.helpers import dump

DOCS = {"PJ 1": ("PJ", 1, "a" * 100), "PR 2": ("PR", 2, "b" * 60), "PX 1": ("PX", 1, "c" * 40)}
CODES = ["Work/Rota", "Work/Pressure", "Health"]
CODING = [
    ("PJ 1", "Work/Rota", "Ann", 0, 50),
    ("PJ 1", "Work/Rota", "Ben", 25, 75),
    ("PJ 1", "Work/Pressure", "Ann", 60, 80),
    ("PJ 1", "Work/Pressure", "Ben", 60, 78),
    ("PR 2", "Work/Pressure", "Ben", 10, 30),
    ("PR 2", "Work/Pressure", "Cat", 12, 30),
    ("PR 2", "Health", "Cat", 0, 60),
]


@pytest.fixture
def study(make_project):
    return make_project(DOCS, CODES, CODING)


def figures(project, **request):
    with project.session() as session:
        return agreement(session, AgreementRequest(**request)).result


def test_the_fixed_case_through_the_project(study) -> None:
    result = figures(study, coders=["Ann", "Ben"], code="Work/Rota", documents=["PJ 1"])
    [cell] = result.cells()
    assert (cell.code, cell.document, cell.coder_a, cell.coder_b) == (
        ("Work", "Rota"),
        "PJ 1",
        "Ann",
        "Ben",
    )
    assert cell.counts == PairCounts(25, 25, 25, 25) and cell.counts.kappa == 0.0


def test_scope_is_every_code_the_coders_used_in_codebook_order(study) -> None:
    result = figures(study, coders=["Ann", "Ben"])
    assert [c.code for c in result.codes] == [("Work", "Rota"), ("Work", "Pressure")]
    assert result.documents == ("PJ 1", "PR 2", "PX 1")
    rota = result.codes[0].pairs[0].counts
    assert rota == PairCounts(25, 25, 25, 25 + 60 + 40)  # other documents: neither coded


def test_service_figures_equal_the_pure_computation_on_the_same_spans(study) -> None:
    result = figures(study, coders=["Ann", "Ben", "Cat"], threshold=80.0)
    codes = [("Work", "Rota"), ("Work", "Pressure"), ("Health",)]
    docs = [(name, len(text)) for name, (_p, _w, text) in sorted(DOCS.items())]
    coders = ["Ann", "Ben", "Cat"]
    names = [name for name, _size in docs]
    rows = [
        (codes.index(tuple(path.split("/"))), names.index(doc), coders.index(who), s, e)
        for doc, path, who, s, e in CODING
    ]
    expected = compute_agreement(coders, codes, docs, rows, AgreementOptions(threshold=80.0))
    assert result.codes == expected.codes and result.overall == expected.overall
    assert result.cells() == expected.cells()


def test_aggregate_gives_a_theme_its_categories_coding(study) -> None:
    plain = figures(study, coders=["Ann", "Ben"], code="Work")
    assert plain.codes[0].pairs[0].counts.any_coded is False
    rolled = figures(study, coders=["Ann", "Ben"], code="Work", aggregate=True)
    pj = [c for c in rolled.cells() if c.document == "PJ 1"][0]
    # Ann: 0–50 and 60–80; Ben: 25–75 and 60–78, i.e. 25–78 → both 25+18, Ann only 25+2,
    # Ben only 50–60, neither 80–100.
    assert pj.counts == PairCounts(43, 27, 10, 20)


def test_aggregate_without_a_code_adds_parents_to_the_scope(study) -> None:
    result = figures(study, coders=["Ann", "Ben"], aggregate=True)
    assert [c.code for c in result.codes] == [("Work",), ("Work", "Rota"), ("Work", "Pressure")]


def test_coded_only_and_documents_restrict_the_units(study) -> None:
    result = figures(study, coders=["Ben", "Cat"], documents=["PR 2"], coded_only=True)
    assert result.documents == ("PR 2",)
    pressure = [c for c in result.codes if c.code == ("Work", "Pressure")][0]
    assert pressure.pairs[0].counts == PairCounts(18, 2, 0, 0)
    assert result.overall.histogram[0] == 0


def test_a_code_nobody_coded_is_reported_as_no_coding(study) -> None:
    result = figures(study, coders=["Ann", "Ben"], code="Health")
    assert result.cells() == [] and result.codes[0].alpha is None
    assert result.codes[0].pairs[0].counts == PairCounts(0, 0, 0, 200)


def test_a_coder_without_segments_can_be_compared(study) -> None:
    add_coder(study, "Dee")
    result = figures(study, coders=["Ann", "Dee"], code="Work/Rota")
    assert result.overall.pairs[0].counts == PairCounts(0, 50, 0, 150)


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"coders": ["Ann", "Zed"]}, "no coder 'Zed'"),
        ({"coders": ["Ann"]}, "at least two coders"),
        ({"coders": ["Ann", "Ann"]}, "named twice"),
        ({"coders": ["Ann", ""]}, "at least two coders"),
        ({"coders": ["Ann", "Ben"], "code": "Work/Nope"}, "no code 'Work/Nope'"),
        ({"coders": ["Ann", "Ben"], "documents": ["PZ 9"]}, "no document 'PZ 9'"),
        ({"coders": ["Ann", "Ben"], "threshold": 0}, "threshold"),
        ({"coders": ["Ann", "Ben"], "threshold": 120}, "threshold"),
    ],
)
def test_bad_requests_are_one_line_errors_and_change_nothing(study, request_args, message) -> None:
    before = dump(study)
    with pytest.raises(QcodeError) as error, study.session() as session:
        agreement(session, AgreementRequest(**request_args))
    assert message in str(error.value) and "\n" not in str(error.value)
    assert dump(study) == before
