"""`qcode quotes P style`, and vignettes cited in that style and checked for anonymity:
`vignette P check`, the flag in `vignette P`, and `export vignette --override-anonymity`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.cli import main
from qcode.cli.common import open_cli_project
from tests.helpers import dump

TALK = {
    "PS 1": "Interviewer: What changed?\nPS: The rota in Wexcombe fell apart that spring.\n",
    "PT 2": "Interviewer: And after?\nPT: My mentor helped me say no. I stayed on.\n",
}
TITLE = "A spring of rotas"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, ""), err
    return out


@pytest.fixture
def study(store_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Two interviews, a quote from each in a vignette; PS has the role "GP partner"."""
    path = store_location
    ok(capsys, "new", path)
    for name, text in TALK.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        person, wave = name.split()
        role = "GP partner" if person == "PS" else "GP"
        ok(capsys, "import", path, str(tmp_path / f"{name}.txt"), "--participant", person,
           "--wave", wave, "--attr", f"role={role}")  # fmt: skip
    ok(capsys, "codes", path, "add", "Rotas")
    for name, words in (("PS 1", "The rota in Wexcombe fell apart"), ("PT 2", "I stayed on.")):
        ok(capsys, "code", path, "--doc", name, "--code", "Rotas", "--coder", "Ann",
           "--quote", words)  # fmt: skip
    ok(capsys, "vignette", path, "add", TITLE)
    status, _out, err = run(capsys, "vignette", path, "pick", TITLE, "--section", "context", "1")
    assert status == 0 and "one participant only (PS)" in err  # until a second voice joins
    ok(capsys, "vignette", path, "pick", TITLE, "--section", "outcome", "2")
    return path


def rows(path: str) -> dict[str, list[tuple[object, ...]]]:
    with open_cli_project(path, warn=False) as project:
        return dump(project)


def test_the_quote_style_is_shown_kept_and_used_by_exports(study: str, tmp_path, capsys) -> None:
    assert ok(capsys, "quotes", study, "style") == (
        "citation: lines (e.g. PJ 1, lines 12–14)\ncite with: -\n"
        "turns left out: 'Interviewer'\nellipsis: on\n"
    )
    kept = ok(capsys, "quotes", study, "style", "--citation", "full", "--cite-with", "role",
              "--interviewer", "Interviewer:", "--no-ellipsis", "--json")  # fmt: skip
    assert json.loads(kept) == {
        "citation": "full",
        "cite_with": ["role"],
        "interviewer": ["Interviewer:"],
        "ellipsis": False,
    }
    assert json.loads(ok(capsys, "quotes", study, "style", "--json")) == json.loads(kept)
    output = tmp_path / "v.md"
    ok(capsys, "export", "vignette", study, "--name", TITLE, "-o", str(output))
    text = output.read_text(encoding="utf-8")
    assert "The rota in Wexcombe fell apart[^1]" in text  # as picked, no "…" added
    assert text.endswith("[^1]: [PS 1: GP partner, 2]\n[^2]: [PT 2: GP, 2]\n")
    ok(capsys, "export", "vignette", study, "--name", TITLE, "-o", str(output),
       "--citation", "short")  # fmt: skip
    assert output.read_text(encoding="utf-8").endswith("[^1]: PS 1\n[^2]: PT 2\n")
    shown = ok(capsys, "quotes", study, "style", "--citation", "lines")
    assert "cite with: role (a full citation names them)" in shown
    ok(capsys, "quotes", study, "style", "--reset")
    assert json.loads(ok(capsys, "quotes", study, "style", "--json"))["citation"] == "lines"


def test_bad_style_options_are_one_line_and_change_nothing(study: str, capsys) -> None:
    before = rows(study)
    for argv, message in (
        (["--cite-with", "role"], "--cite-with needs --citation full"),
        (["--reset", "--citation", "short"], "--reset takes no other quote option"),
    ):
        status, out, err = run(capsys, "quotes", study, "style", *argv)
        assert (status, out, err) == (1, "", f"qcode: {message}\n")
    with pytest.raises(SystemExit) as stopped:
        main(["quotes", study, "style", "--citation", "long"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert rows(study) == before


def test_a_place_of_the_list_fails_the_check_and_stops_the_export(
    study: str, tmp_path: Path, capsys
) -> None:
    assert ok(capsys, "vignette", study, "check") == (
        f"{TITLE}: passes the anonymity check (draws on PS, PT)\n"
    )
    ok(capsys, "pseudonyms", study, "add", "Wexcombe", "Northbridge", "--kind", "place")
    status, out, err = run(capsys, "vignette", study, "check")
    problem = (
        f"vignette '{TITLE}' names 'Wexcombe' (in Context, quote 1), a real place on the "
        "pseudonym list"
    )
    assert (status, err) == (1, "")
    assert out == f"{TITLE}: FAILS the anonymity check (draws on PS, PT)\n  - {problem}\n"
    status, out, _err = run(capsys, "vignette", study, "check", TITLE, "--json")
    assert status == 1
    assert json.loads(out)[0]["findings"] == [
        {"where": "in Context, quote 1", "found": "Wexcombe", "original": "Wexcombe",
         "kind": "place"}
    ]  # fmt: skip
    status, out, err = run(capsys, "vignette", study)
    assert out.startswith(f"{TITLE}  [fails the anonymity check]\n")
    assert err == f"qcode: warning: {problem}\n"

    before, output = rows(study), tmp_path / "spring.docx"
    status, out, err = run(capsys, "export", "vignette", study, "-o", str(output))
    assert (status, out) == (1, "")
    assert err == (
        f"qcode: {problem}: not exported; reword it, or export it anyway with "
        "--override-anonymity\n"
    )
    assert not output.exists() and rows(study) == before
    status, out, err = run(capsys, "export", "vignette", study, "-o", str(output),
                           "--override-anonymity", "--sources", "list")  # fmt: skip
    assert (status, out, err) == (
        0,
        f"wrote vignette '{TITLE}' to {output}\n",
        f"qcode: warning: {problem}\n",
    )
    ok(capsys, "vignette", study, "words", "1", "--text", "The rota fell apart that spring.")
    assert ok(capsys, "vignette", study, "check").endswith(
        "passes the anonymity check (draws on PS, PT)\n"
    )
