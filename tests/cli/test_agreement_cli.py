"""`qcode agree`: AC1, Brennan–Prediger, Fleiss' kappa, alpha's interval; scopes; n/a pairs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import agreement as agreement_package
import numpy as np
import pytest
from statsmodels.stats.inter_rater import fleiss_kappa

from qcode.cli import main
from qcode.ingest import IngestedDocument
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.store.postgres import open_any
from qcode.store.project import Project
from tests.analysis.agreement.test_agreement_bootstrap import kalpha_interval
from tests.analysis.agreement.test_agreement_reference import close
from tests.helpers import add_text, dump, location

TEXTS = {"PA 1": ("PA", 1, 80), "PA 2": ("PA", 2, 60), "PB 1": ("PB", 1, 50)}
CODERS = ("Ana", "Ben", "Cai")
CODING = [
    ("PA 1", "Work", "Ana", 0, 40),
    ("PA 1", "Work", "Ben", 10, 45),
    ("PA 1", "Work", "Cai", 5, 40),
    ("PA 2", "Work", "Ana", 20, 50),
    ("PB 1", "Work", "Cai", 0, 30),
    ("PB 1", "Health", "Ana", 10, 20),
    ("Q1", "Health", "Ben", 0, 12),
]


@pytest.fixture
def study(new_project: Callable[..., Project]) -> str:
    """PROJECT: the study, as a file or on the server."""
    with new_project() as project:
        for name, (participant, wave, size) in TEXTS.items():
            add_text(project, name, "x" * size, participant, wave)
        answer = IngestedDocument("Q1", "y" * 30, "csv", kind="questionnaire", participant="Q1")
        store_ingested(project, Path("survey.csv"), [answer], ImportOptions())
        for code in ("Work", "Health"):
            add_code(project, code)
        for doc, code, coder, start, end in CODING:
            code_span(project, doc, code, coder, start, end)
    return location(project)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def agree_json(capsys, study: str, *options: str) -> dict:
    status, out, err = run(capsys, "agree", study, *options, "--json")
    assert status == 0 and err == "", err
    return json.loads(out)


def characters(code: str, documents: list[str]) -> np.ndarray:
    """Coders × characters of the documents: 1 where the coder coded the code."""
    sizes = {**{n: s for n, (_p, _w, s) in TEXTS.items()}, "Q1": 30}
    blocks = []
    for doc in documents:
        block = np.zeros((len(CODERS), sizes[doc]), dtype=int)
        for d, k, coder, start, end in CODING:
            if (d, k) == (doc, code):
                block[CODERS.index(coder), start:end] = 1
        blocks.append(block)
    return np.concatenate(blocks, axis=1)


def test_new_figures_match_independent_implementations(study: str, capsys) -> None:
    options = ("--coders", "Ana,Ben,Cai", "--code", "Work", "--kind", "interview")
    data = agree_json(capsys, study, *options)
    assert data["documents"] == ["PA 1", "PA 2", "PB 1"]
    values = characters("Work", data["documents"])
    [work] = data["codes"]
    table = np.stack([len(CODERS) - values.sum(axis=0), values.sum(axis=0)], axis=1)
    assert close(work["fleiss_kappa"], float(fleiss_kappa(table)))
    assert close(work["ac1"], float(agreement_package.gwets_gamma(table.astype(float))))
    assert close(work["bp"], float(fleiss_kappa(table, method="randolph")))
    low, high, q8, q667 = kalpha_interval(values, 1000, work["alpha_ci"]["seed"])
    interval = work["alpha_ci"]
    assert (interval["low"], interval["high"]) == pytest.approx((low, high), abs=1e-12)
    assert (interval["q_below_800"], interval["q_below_667"]) == (q8, q667)
    assert interval["draws"] == 1000 and interval["level"] == 0.95
    for pair in work["pairs"]:
        a, b = CODERS.index(pair["coder_a"]), CODERS.index(pair["coder_b"])
        ones = values[[a, b]].sum(axis=0)
        two = np.stack([2 - ones, ones], axis=1)  # per character: the pair's 0s and 1s
        assert close(pair["ac1"], float(agreement_package.gwets_gamma(two.astype(float))))
        assert close(pair["bp"], float(agreement_package.s_score(two.astype(float))))
        assert pair["applicable"] is True and pair["ac1_band"] != "n/a"


def test_a_pair_neither_of_whom_used_the_code_is_not_applicable(study: str, capsys) -> None:
    data = agree_json(capsys, study, "--coders", "Ben,Cai", "--code", "Health", "--doc", "PB 1")
    [pair] = data["overall"]["pairs"]
    assert pair["applicable"] is False and pair["size"] == 0
    [code_pair] = data["codes"][0]["pairs"]
    assert code_pair["neither"] == 50 and code_pair["applicable"] is False
    assert code_pair["kappa"] is None and code_pair["kappa_band"] == "n/a"  # not 1.000
    assert code_pair["agreement"] is None and code_pair["ac1"] is None and code_pair["bp"] is None
    assert code_pair["weighted_kappa"] is None and data["pairs"] == []
    options = ("--coders", "Ben,Cai", "--code", "Health", "--doc", "PB 1")
    status, out, _err = run(capsys, "agree", study, *options)
    rows = [line for line in out.splitlines() if "Ben × Cai" in line]
    assert status == 0 and len(rows) == 2  # Health, and all codes
    assert all(row.split()[-1] == "n/a" and "1.000" not in row for row in rows)
    kappa_at = out.splitlines()[1].index("kappa")
    assert all(row[kappa_at:].startswith("n/a n/a") for row in rows)  # kappa n/a, no band
    assert "not applicable" in out


def test_a_third_coder_does_not_change_a_pairs_figures(study: str, capsys) -> None:
    pair = agree_json(capsys, study, "--coders", "Ana,Ben")["overall"]["pairs"][0]
    trio = agree_json(capsys, study, "--coders", "Ana,Ben,Cai")["overall"]["pairs"][0]
    assert trio == pair


@pytest.mark.parametrize(
    ("options", "documents", "scope"),
    [
        (["--kind", "survey"], ["Q1"], ("survey", [], [])),
        (["--participant", "PA"], ["PA 1", "PA 2"], (None, ["PA"], [])),
        (["--wave", "1", "--wave", "2", "--participant", "PB"], ["PB 1"], (None, ["PB"], [1, 2])),
        (["--doc", "PA 2", "--doc", "Q1"], ["PA 2", "Q1"], (None, [], [])),
    ],
)
def test_scopes_pick_documents_and_are_echoed(study, capsys, options, documents, scope) -> None:
    data = agree_json(capsys, study, "--coders", "Ana,Ben", *options)
    assert data["documents"] == documents
    assert data["scope"] == dict(zip(("kind", "participants", "waves"), scope, strict=True))
    explicit = [option for doc in documents for option in ("--doc", doc)]
    same = agree_json(capsys, study, "--coders", "Ana,Ben", *explicit)
    assert data["codes"] == same["codes"] and data["overall"] == same["overall"]


def test_the_tables_show_the_new_figures(study: str, capsys) -> None:
    status, out, err = run(capsys, "agree", study, "--coders", "Ana,Ben,Cai", "--per-doc")
    assert status == 0 and err == ""
    header = out.splitlines()[1]
    for title in ("alpha 95% CI", "Fleiss κ", "AC1", "B–P", "weighted κ"):
        assert title in header
    data = agree_json(capsys, study, "--coders", "Ana,Ben,Cai")
    interval = data["overall"]["alpha_ci"]
    assert f"{interval['low']:.3f} to {interval['high']:.3f}" in out
    assert f"{data['overall']['fleiss_kappa']:.3f} {data['overall']['fleiss_kappa_band']}" in out
    assert "Krippendorff's bootstrap" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--participant", "PZ"], "no participant 'PZ'"),
        (["--wave", "0"], "a wave is 1 or more"),
        (["--kind", "survey", "--participant", "PA"], "(survey answers, participant PA)"),
    ],
)
def test_bad_scopes_are_one_line_exit_1_and_change_nothing(study, capsys, options, message) -> None:
    with open_any(study) as project:
        before = dump(project)
    status, out, err = run(capsys, "agree", study, "--coders", "Ana,Ben", *options)
    assert status == 1 and out == "" and err.count("\n") == 1 and message in err
    with open_any(study) as project:
        assert dump(project) == before


def test_an_unknown_kind_is_a_usage_error(study: str) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["agree", study, "--coders", "Ana,Ben", "--kind", "video"])
    assert stop.value.code == 2
