"""`qcode agree`: the `--json` contract of CLI.md, the human table, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest

from qcode.cli import main
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.store.postgres import open_any
from qcode.store.project import Project
from tests.analysis.agreement.test_agreement_reference import close, krippendorff_alpha
from tests.helpers import add_text, dump, location

TEXTS = {"PJ 1": 100, "PR 2": 60, "PX 1": 30}
CODING = [
    ("PJ 1", "Work/Rota", "Ann", 0, 50),
    ("PJ 1", "Work/Rota", "Ben", 25, 75),
    ("PR 2", "Work/Rota", "Cat", 5, 25),
    ("PR 2", "Work/Pressure", "Ann", 10, 40),
    ("PR 2", "Work/Pressure", "Ben", 12, 40),
    ("PR 2", "Work/Pressure", "Cat", 10, 38),
]
PAIR_FIELDS = {"coder_a", "coder_b", "size", "both", "a_only", "b_only", "neither"}
PAIR_FIELDS |= {"agreement", "kappa"}


@pytest.fixture
def study(new_project: Callable[..., Project]) -> str:
    """PROJECT: the study, as a file or on the server."""
    with new_project() as project:
        for name, size in TEXTS.items():
            add_text(project, name, "x" * size, name.split()[0], int(name.split()[1]))
        add_code(project, "Work/Rota")
        add_code(project, "Work/Pressure")
        for doc, code, coder, start, end in CODING:
            code_span(project, doc, code, coder, start, end)
    return location(project)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def agree_json(capsys, study: str, *options: str) -> dict:
    status, out, err = run(capsys, "agree", study, *options, "--json")
    assert status == 0 and err == ""
    return json.loads(out)


def cli_kappa(entry: dict) -> float | None:
    """Cohen's kappa exactly as CLI.md words it, from an entry's four counts."""
    b, a, o, n = entry["both"], entry["a_only"], entry["b_only"], entry["neither"]
    size = b + a + o + n
    chance = Fraction((b + a) * (b + o) + (n + a) * (n + o), size * size)
    if chance == 1:
        return 1.0 if a == o == 0 else None
    return float((Fraction(b + n, size) - chance) / (1 - chance))


def check_entry(entry: dict) -> None:
    assert entry.keys() >= PAIR_FIELDS
    size = entry["both"] + entry["a_only"] + entry["b_only"] + entry["neither"]
    assert entry["size"] == size
    assert close(entry["agreement"], 100 * (entry["both"] + entry["neither"]) / size)
    assert close(entry["kappa"], cli_kappa(entry))


def test_json_fields_follow_the_contract(study: str, capsys) -> None:
    data = agree_json(capsys, study, "--coders", "Ann,Ben,Cat")
    assert {"coders", "pairs", "codes", "overall"} <= data.keys()
    assert data["coders"] == ["Ann", "Ben", "Cat"]
    for entry in data["pairs"]:
        assert {"code", "document"} <= entry.keys()
        check_entry(entry)
        assert entry["size"] == TEXTS[entry["document"]]
        assert entry["both"] + entry["a_only"] + entry["b_only"] > 0
    assert [c["code"] for c in data["codes"]] == [["Work", "Rota"], ["Work", "Pressure"]]
    for code in [*data["codes"], data["overall"]]:
        assert "alpha" in code
        assert [(p["coder_a"], p["coder_b"]) for p in code["pairs"]] == [
            ("Ann", "Ben"),
            ("Ann", "Cat"),
            ("Ben", "Cat"),
        ]
        for entry in code["pairs"]:
            check_entry(entry)


def test_the_fixed_case_is_kappa_zero_in_json(study: str, capsys) -> None:
    data = agree_json(capsys, study, "--coders", "Ann,Ben", "--code", "Work/Rota", "--doc", "PJ 1")
    [entry] = data["pairs"]
    assert entry["code"] == ["Work", "Rota"] and entry["document"] == "PJ 1"
    assert (entry["both"], entry["a_only"], entry["b_only"], entry["neither"]) == (25, 25, 25, 25)
    assert entry["agreement"] == 50.0 and entry["kappa"] == 0.0
    assert data["overall"]["pairs"][0]["kappa"] == 0.0


def test_pooled_figures_count_every_document_in_scope(study: str, capsys) -> None:
    data = agree_json(capsys, study, "--coders", "Ann,Ben")
    rota = data["codes"][0]["pairs"][0]
    in_pairs = [p for p in data["pairs"] if p["code"] == ["Work", "Rota"]]
    assert rota["size"] == sum(TEXTS.values())
    assert rota["neither"] == sum(p["neither"] for p in in_pairs) + 60 + 30
    overall = data["overall"]["pairs"][0]
    for field in ("size", "both", "a_only", "b_only", "neither"):
        assert overall[field] == sum(c["pairs"][0][field] for c in data["codes"])


def test_alpha_is_krippendorffs_over_every_character_once_per_code(study: str, capsys) -> None:
    data = agree_json(capsys, study, "--coders", "Ann,Ben,Cat")
    coders = {"Ann": 0, "Ben": 1, "Cat": 2}
    per_code = {}
    for path in ("Work/Rota", "Work/Pressure"):
        blocks = []
        for doc, size in sorted(TEXTS.items()):
            block = np.zeros((3, size))
            for d, code, who, start, end in CODING:
                if (d, code) == (doc, path):
                    block[coders[who], start:end] = 1
            blocks.append(block)
        per_code[path] = np.concatenate(blocks, axis=1)
    for entry, path in zip(data["codes"], per_code, strict=True):
        assert close(entry["alpha"], krippendorff_alpha(per_code[path]))
    overall = np.concatenate(list(per_code.values()), axis=1)
    assert close(data["overall"]["alpha"], krippendorff_alpha(overall))


def test_options_are_echoed_and_change_the_units(study: str, capsys) -> None:
    data = agree_json(capsys, study, "--coders", "Ann,Ben", "--coded-only", "--threshold", "75")
    assert data["coded_only"] is True and data["threshold"] == 75.0
    assert all(p["neither"] == 0 for p in [*data["pairs"], *data["overall"]["pairs"]])
    rolled = agree_json(capsys, study, "--coders", "Ann,Ben", "--code", "Work", "--aggregate")
    assert rolled["aggregate"] is True and [c["code"] for c in rolled["codes"]] == [["Work"]]
    assert [p["document"] for p in rolled["pairs"]] == ["PJ 1", "PR 2"]
    pr2 = rolled["pairs"][1]  # Ann's and Ben's Work/Pressure coding, counted for Work
    assert (pr2["both"], pr2["a_only"], pr2["b_only"], pr2["neither"]) == (28, 2, 0, 30)


def test_human_output_is_a_table_with_bands(study: str, capsys) -> None:
    status, out, err = run(capsys, "agree", study, "--coders", "Ann,Ben", "--per-doc")
    assert status == 0 and err == ""
    assert "Work/Rota" in out and "Ann × Ben" in out and "(all codes)" in out
    assert "0.000 slight" in out  # the fixed case's kappa, read with Landis & Koch
    assert "not verdicts" in out and "PJ 1" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--coders", "Ann,Zed"], "no coder 'Zed'"),
        (["--coders", "Ann"], "at least two coders"),
        (["--coders", "Ann,Ben", "--code", "Nope"], "no code 'Nope'"),
        (["--coders", "Ann,Ben", "--doc", "PZ 9"], "no document 'PZ 9'"),
        (["--coders", "Ann,Ben", "--threshold", "0"], "threshold"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_the_project_unchanged(
    study: str, capsys, options: list[str], message: str
) -> None:
    with open_any(study) as project:
        before = dump(project)
    status, out, err = run(capsys, "agree", study, *options)
    assert status == 1 and out == ""
    assert err.startswith("qcode: ") and err.count("\n") == 1 and message in err
    with open_any(study) as project:
        assert dump(project) == before


def test_missing_coders_is_a_usage_error(study: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["agree", study])
    assert stop.value.code == 2
