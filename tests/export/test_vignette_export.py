"""Composite vignettes exported as Word and Markdown, their quotes' sources, and the
anonymity check (one participant only) that stops an export unless overridden."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import docx
import pytest

from qcode.cli import main
from qcode.services.demo.sample import T3, build_sample
from qcode.services.realist import vignettes
from qcode.store.project import create_project, open_project
from tests.export.golden import check_golden
from tests.helpers import dump

TITLE = "Finding a way through a hard year"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.qcode"
    with create_project(path) as project:
        build_sample(project)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_vignette_as_word_and_markdown(sample: Path, tmp_path: Path, capsys) -> None:
    with open_project(sample) as project:
        vignettes.edit_part(project, 1, "The rota got worse, and most weekends I covered gaps.")
    for suffix in (".docx", ".md"):
        output = tmp_path / f"vignette{suffix}"
        status, out, err = run(
            capsys, "export", "vignette", str(sample), "--name", TITLE, "-o", str(output)
        )
        assert (status, out, err) == (0, f"wrote vignette '{TITLE}' to {output}\n", "")
    document = docx.Document(str(tmp_path / "vignette.docx"))
    shown = [(p.style.name, p.text) for p in document.paragraphs]
    assert shown == [
        ("Heading 1", TITLE),
        ("Normal", f"Outcome theme: {T3}"),
        ("Normal", shown[2][1]),
        ("Heading 2", "Context"),
        ("Normal", "The rota got worse, and most weekends I covered gaps.1"),
        ("Heading 2", "What mentoring did"),
        ("Normal", "My mentor gave me an hour to say everything out loud2"),
        ("Heading 2", "Impact and outcome"),
        ("Normal", "Talking it through kept me in the job when I was ready to leave3"),
        ("Heading 2", "Notes"),
        ("Normal", "1. PA 2, line 2"),
        ("Normal", "2. PA 2, line 3"),
        ("Normal", "3. PD 1, line 4"),
    ]
    assert shown[2][1].startswith("A junior doctor")
    marks = [p.runs[-1] for p in document.paragraphs[4:9:2]]
    assert [(run.text, run.font.superscript) for run in marks] == [
        ("1", True),
        ("2", True),
        ("3", True),
    ]
    markdown = (tmp_path / "vignette.md").read_text(encoding="utf-8")
    assert "covered gaps.[^1]\n" in markdown and "[^1]: PA 2, line 2\n" in markdown
    check_golden("vignette.md", markdown)


def test_a_source_list_or_no_sources_and_the_projects_citation_style(
    sample: Path, tmp_path: Path, capsys
) -> None:
    assert run(capsys, "quotes", str(sample), "style", "--citation", "short")[0] == 0
    listed, bare = tmp_path / "listed.md", tmp_path / "bare.docx"
    for output, sources in ((listed, "list"), (bare, "none")):
        status, _out, err = run(
            capsys, "export", "vignette", str(sample), "--name", TITLE, "-o", str(output),
            "--sources", sources,
        )  # fmt: skip
        assert (status, err) == (0, "")
    markdown = listed.read_text(encoding="utf-8")
    assert "[^" not in markdown
    assert markdown.endswith(
        "## Sources\n\n"
        "- Context \u2014 \u201cThe rota got worse and I was covering \u2026\u201d: PA 2\n"
        "- What mentoring did \u2014 \u201cMy mentor gave me an hour to say \u2026\u201d: PA 2\n"
        "- Impact and outcome \u2014 "
        "\u201cTalking it through kept me in the job \u2026\u201d: PD 1\n"
    )
    text = [p.text for p in docx.Document(str(bare)).paragraphs]
    assert not any("PA 2" in line or "PD 1" in line for line in text)
    assert "Notes" not in text and "Sources" not in text
    status, _out, err = run(
        capsys, "export", "vignette", str(sample), "--name", TITLE, "-o", str(bare),
        "--citation", "full",
    )  # fmt: skip
    assert status == 0
    notes = [p.text for p in docx.Document(str(bare)).paragraphs]
    assert notes[-3:] == ["1. [PA 2, 2]", "2. [PA 2, 3]", "3. [PD 1, 4]"]  # the option wins


def test_one_participant_warning_goes_to_the_user_not_the_document(
    sample: Path, tmp_path: Path, capsys
) -> None:
    assert run(capsys, "vignette", str(sample), "add", "One voice", "--theme", T3)[0] == 0
    first = segment_in(sample, "PA 1")
    status, out, err = run(
        capsys, "vignette", str(sample), "pick", "One voice", "--section", "context", first
    )
    assert (status, out) == (0, "added part(s) 4 to the context of 'One voice'\n")
    assert err.startswith("qcode: warning: vignette 'One voice' draws on one participant only (PA)")
    assert err.count("\n") == 1
    output = tmp_path / "one.docx"
    status, out, err = run(
        capsys, "export", "vignette", str(sample), "--name", "One voice", "-o", str(output)
    )
    assert (status, out) == (1, "")
    assert err.startswith("qcode: vignette 'One voice' draws on one participant only (PA)")
    assert err.endswith("not exported; reword it, or export it anyway with --override-anonymity\n")
    assert not output.exists()
    status, out, err = run(
        capsys, "export", "vignette", str(sample), "--name", "One voice", "-o", str(output),
        "--override-anonymity",
    )  # fmt: skip
    assert status == 0 and "one participant only" in err
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    assert "participant" not in text and "warning" not in text
    other = segment_in(sample, "PD 1")
    assert (
        run(capsys, "vignette", str(sample), "pick", "One voice", "--section", "outcome", other)[2]
        == ""
    )


def test_bad_vignette_export_is_one_line_and_writes_nothing(
    sample: Path, tmp_path: Path, capsys
) -> None:
    before = dump_of(sample)
    cases = [
        (["--name", "Nope", "-o", str(tmp_path / "v.docx")], "no vignette 'Nope' in the project"),
        (["--name", TITLE, "-o", str(tmp_path / "v.pdf")], "v.pdf: cannot write a vignette as"),
    ]
    for extra, message in cases:
        status, out, err = run(capsys, "export", "vignette", str(sample), *extra)
        assert (status, out) == (1, "")
        assert err.startswith(f"qcode: {message}") and err.count("\n") == 1
    assert list(tmp_path.glob("v.*")) == []
    run(capsys, "vignette", str(sample), "add", "Second")
    status, _out, err = run(capsys, "export", "vignette", str(sample), "-o", str(tmp_path / "v.md"))
    assert status == 1 and "say which vignette with --name" in err
    assert dump_of(sample) != before  # only the `vignette add` changed the project


def segment_in(path: Path, document: str) -> str:
    """The id of the first segment in a document, as typed on a command line."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id"
            " WHERE d.name = ? ORDER BY s.id",
            (document,),
        ).fetchone()
    finally:
        conn.close()
    return str(row[0])


def dump_of(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with open_project(path) as project:
        return dump(project)
