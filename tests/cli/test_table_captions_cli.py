"""`export themes` / `export cmo` --number, --title, --heading, --reset-caption: the
caption is printed and kept in the project for the next export, as one audited step."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.services.history import History
from qcode.services.settings import read_setting
from qcode.store.postgres import open_any
from tests.cli.test_realist_cli import THEME, run, study
from tests.helpers import rows

__all__ = ["study"]  # the fixture, shared with test_realist_cli.py


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, ""), err
    return out


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (1, "") and err.count("\n") == 1, err
    return err


def kept(path: str, kind: str) -> object:
    with open_any(path) as project, project.session() as session:
        return read_setting(session, f"tables.{kind}")


def setting_events(path: str) -> list[tuple[object, ...]]:
    with open_any(path) as project:
        return rows(
            project,
            "SELECT action, target_id, reason FROM audit_events WHERE action = 'set setting' "
            "ORDER BY id",
        )


@pytest.fixture
def with_sub(study: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The study with a sub-category under Access and one statement."""
    ok(capsys, "codes", study, "add", f"{THEME}/Access/Waiting lists", "--flags", "C")
    ok(capsys, "cmo", study, "add", THEME, "--statement", "Access enables engagement.")
    return study


def test_a_caption_given_once_is_kept_for_the_next_export(
    with_sub: str, tmp_path: Path, capsys
) -> None:
    first = tmp_path / "first.md"
    out = ok(
        capsys,
        "export",
        "themes",
        with_sub,
        "-o",
        str(first),
        "--number",
        "9",
        "--title",
        "Interview themes and categories",
        "--heading",
        "1=Themes (outcome)",
    )
    assert (
        out == f"wrote themes table (4 rows) to {first}; its caption is kept for the next export\n"
    )
    lines = first.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "**Table 9.** Interview themes and categories"
    assert lines[2] == "| Themes (outcome) | Categories (C = context, M = mechanism) |"
    assert lines[4:6] == [
        f"| Theme 1<br>{THEME} | \u2022 Access (C) |",
        "|  | &emsp;\u2022 Waiting lists (C) |",
    ]
    assert kept(with_sub, "themes") == {
        "number": "9",
        "title": "Interview themes and categories",
        "headings": ["Themes (outcome)", "Categories (C = context, M = mechanism)"],
    }
    assert setting_events(with_sub) == [
        ("set setting", "tables.themes", "caption of `export themes`")
    ]
    second = tmp_path / "second.md"
    assert ok(capsys, "export", "themes", with_sub, "-o", str(second)).endswith(f"{second}\n")
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    # the same options again change nothing, so no new step
    ok(capsys, "export", "themes", with_sub, "-o", str(second), "--number", "9")
    assert len(setting_events(with_sub)) == 1
    assert kept(with_sub, "cmo") is None  # each table keeps its own


def test_reset_goes_back_to_the_defaults_then_takes_the_options(
    with_sub: str, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "cmo.md"
    ok(capsys, "export", "cmo", with_sub, "-o", str(output), "--number", "5", "--heading", "3=CMO")
    assert output.read_text(encoding="utf-8").startswith(
        "**Table 5.** Themes, categories and configurations\n\n"
        "| Outcome theme | Categories (C = context, M = mechanism) | CMO |"
    )
    ok(capsys, "export", "cmo", with_sub, "-o", str(output), "--reset-caption", "--title", "CMOs")
    assert output.read_text(encoding="utf-8").startswith(
        "**Table 1.** CMOs\n\n| Outcome theme | Categories (C = context, M = mechanism) | "
        "Configuration statement |"
    )
    ok(capsys, "export", "cmo", with_sub, "-o", str(output), "--reset-caption")
    assert kept(with_sub, "cmo") is None  # the defaults are kept as nothing
    assert len(setting_events(with_sub)) == 3


def test_the_kept_caption_is_one_undoable_step(with_sub: str, capsys, tmp_path: Path) -> None:
    from qcode.services.settings import keep_setting

    with open_any(with_sub) as project:
        history = History(project)
        history.push(keep_setting(project, "tables.themes", {"number": "4"}))
        history.undo()
        with project.session() as session:
            assert read_setting(session, "tables.themes") is None
    output = tmp_path / "t.md"
    ok(capsys, "export", "themes", with_sub, "-o", str(output))
    assert output.read_text(encoding="utf-8").startswith("**Table 1.** Themes and categories")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--heading", "3=Third"], "qcode: this table has column headings 1 to 2, not 3\n"),
        (["--heading", "Outcome"], 'qcode: --heading takes N=TEXT, such as 1="Outcome theme"'),
        (["--title", " "], "qcode: a table's title cannot be empty\n"),
        (["--number", "9 b"], "qcode: a table number is up to 12 characters without spaces"),
    ],
)
def test_bad_options_write_nothing_and_keep_nothing(
    with_sub: str, tmp_path: Path, capsys, options: list[str], message: str
) -> None:
    output = tmp_path / "themes.docx"
    err = refused(capsys, "export", "themes", with_sub, "-o", str(output), *options)
    assert err.startswith(message)
    assert not output.exists()
    assert kept(with_sub, "themes") is None and setting_events(with_sub) == []


def test_a_refused_file_keeps_nothing(with_sub: str, tmp_path: Path, capsys) -> None:
    err = refused(
        capsys, "export", "themes", with_sub, "-o", str(tmp_path / "t.txt"), "--number", "2"
    )
    assert "cannot write a table as '.txt'" in err
    assert kept(with_sub, "themes") is None


def test_other_kinds_refuse_caption_options(with_sub: str, tmp_path: Path, capsys) -> None:
    output = tmp_path / "codebook.md"
    err = refused(capsys, "export", "codebook", with_sub, "-o", str(output), "--title", "Codes")
    assert err == "qcode: --title is for `export themes` and `export cmo` only\n"
    assert not output.exists()


@pytest.mark.file_only(reason="a read-only project is a file without write permission")
def test_a_read_only_project_prints_the_caption_without_keeping_it(
    with_sub: str, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "out" / "themes.md"
    output.parent.mkdir()
    Path(with_sub).chmod(0o444)
    try:
        out = ok(capsys, "export", "themes", with_sub, "-o", str(output), "--number", "3")
    finally:
        Path(with_sub).chmod(0o644)
    assert out.endswith("; the project is read-only, so its caption is not kept\n")
    assert output.read_text(encoding="utf-8").startswith("**Table 3.** Themes and categories")
    assert kept(with_sub, "themes") is None
