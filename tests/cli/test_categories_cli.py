"""`codes add --category`, coding a category refused, colourless codes, `docs set` attributes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from qcode.services.lookup import get_code
from qcode.store.postgres import open_any
from tests.cli.test_codebook_cli import ok, refused, study

REFUSAL = "“Support” is a category: it groups codes and cannot code text"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return study(tmp_path_factory.mktemp("template"))


@pytest.fixture
def project(template: Path, copy_of: Callable[[Path], str]) -> str:
    """PROJECT: this test's copy of the study, as a file or on the server."""
    return copy_of(template)


def codes(capsys, path: Path) -> dict[tuple[str, ...], dict[str, object]]:  # type: ignore[no-untyped-def]
    listed = json.loads(ok(capsys, "codes", str(path), "--json"))
    return {tuple(entry["path"]): entry for entry in listed}


def docs(capsys, path: Path) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    return {d["name"]: d for d in json.loads(ok(capsys, "docs", str(path), "--json"))}


def test_a_category_is_added_listed_and_never_codes_text(capsys, project: str) -> None:
    p = str(project)
    assert ok(capsys, "codes", p, "add", "Support", "--category") == "added category Support\n"
    ok(capsys, "codes", p, "add", "Support/Listening", "--color", "#00AA00")
    listed = codes(capsys, project)
    assert listed[("Support",)]["codable"] is False
    assert listed[("Support", "Listening")]["codable"] is True
    assert listed[("Support", "Listening")]["color"] == "#00aa00"
    assert "Support (category)  [0]" in ok(capsys, "codes", p).splitlines()
    for how in (["--span", "0:5"], ["--quote", "My mentor"]):
        refused(
            capsys, project, "code", p, "--doc", "PJ 1", "--code", "Support", "--coder", "Ann",
            *how, message=REFUSAL,
        )  # fmt: skip
    refused(
        capsys, project, "autocode", p, "mentor", "--code", "Support", "--coder", "Ann",
        message=REFUSAL,
    )  # fmt: skip
    ok(capsys, "code", p, "--doc", "PJ 1", "--code", "Support/Listening", "--coder", "Ann",
       "--span", "0:5")  # fmt: skip


def test_edit_makes_a_category_only_of_a_code_that_codes_nothing(capsys, project: str) -> None:
    p = str(project)
    refused(
        capsys, project, "codes", p, "edit", "Better work/Availability", "--category",
        message="“Availability” codes 2 segments: a category cannot code text",
    )  # fmt: skip
    ok(capsys, "codes", p, "edit", "Better work", "--category")
    assert codes(capsys, project)[("Better work",)]["codable"] is False
    ok(capsys, "codes", p, "edit", "Better work", "--no-category")
    assert codes(capsys, project)[("Better work",)]["codable"] is True
    refused(
        capsys, project, "codes", p, "edit", "Better work", "--category", "--no-category",
        message="not allowed with argument", status=2,
    )  # fmt: skip


def test_a_code_without_a_colour_is_listed_with_none(capsys, project: str) -> None:
    with open_any(project) as opened, opened.transaction() as session:
        get_code(session, "Better relationships").color = None  # as an import leaves it
    listed = codes(capsys, project)
    assert listed[("Better relationships",)]["color"] is None
    assert listed[("Better work",)]["color"] == "#1f77b4"


def test_docs_set_gives_documents_typed_attributes(capsys, project: str) -> None:
    p = str(project)
    assert all(doc["attributes"] == {} for doc in docs(capsys, project).values())
    out = ok(capsys, "docs", p, "set", "PJ 1", "Site=North", "Minutes=48", "Share=0.5")
    assert out == "set attributes of 'PJ 1': Site=North, Minutes=48, Share=0.5\n"
    listed = docs(capsys, project)
    assert listed["PJ 1"]["attributes"] == {"Minutes": 48, "Share": 0.5, "Site": "North"}
    assert listed["PJ 2"]["attributes"] == {}
    assert ok(capsys, "docs", "set", p, "PJ 1", "site=", "--as", "Ann") == (
        "set attributes of 'PJ 1': site removed\n"
    )
    assert docs(capsys, project)["PJ 1"]["attributes"] == {"Minutes": 48, "Share": 0.5}
    assert "nothing changed" in ok(capsys, "docs", p, "set", "PJ 1", "Minutes=48")


def test_docs_set_refusals_are_one_line(capsys, project: str) -> None:
    p = str(project)
    refused(capsys, project, "docs", p, "set", "PJ 9", "Site=North", message="no document 'PJ 9'")
    refused(capsys, project, "docs", p, "set", "PJ 1", "Site", message="docs set expects NAME=")
    refused(capsys, project, "docs", p, "set", "PJ 1", message="NAME=VALUE", status=2)
