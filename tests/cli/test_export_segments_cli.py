"""`qcode export segments`: written as it is read, the same file as the whole report gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.cli import main
from qcode.export.tables.segments import segments_table
from qcode.export.tables.write import write_table
from qcode.services.codebook.edit import add_code
from qcode.services.reports import segments_report
from qcode.store.project import create_project, open_project
from tests.services.report_project import build_report_project


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report_project(tmp_path_factory.mktemp("cli") / "generated.qcode", seed=5)


def export(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["export", "segments", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def whole_report_file(project_path: Path, output: Path, coder: str | None, code: str | None) -> str:
    with open_project(project_path) as project, project.session() as session:
        report = segments_report(session, coder=coder, code=code)
        return write_table(segments_table(report, coder), output)


@pytest.mark.parametrize(("coder", "code"), [(None, None), ("Cy", None), ("Ann", "Work")])
@pytest.mark.parametrize("suffix", [".csv", ".md", ".html"])
def test_export_is_the_whole_report_file(generated, tmp_path, capsys, suffix, coder, code) -> None:
    output, expected = tmp_path / f"out{suffix}", tmp_path / f"expected{suffix}"
    said = whole_report_file(generated, expected, coder, code)
    argv = [str(generated), "-o", str(output)]
    argv += ["--coder", coder] if coder else []
    argv += ["--code", code] if code else []
    assert export(capsys, *argv) == (0, said.replace(str(expected), str(output)) + "\n", "")
    assert output.read_bytes() == expected.read_bytes()


def test_nothing_coded_is_one_line_and_no_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.qcode"
    with create_project(path) as project:
        add_code(project, "Work")
    output = tmp_path / "out.csv"
    assert export(capsys, str(path), "-o", str(output)) == (
        1,
        "",
        "qcode: no coded segments to export\n",
    )
    assert not output.exists()


def test_a_wrong_suffix_is_refused_before_writing(generated: Path, tmp_path: Path, capsys) -> None:
    status, out, err = export(capsys, str(generated), "-o", str(tmp_path / "out.txt"))
    assert (status, out) == (1, "")
    assert "cannot write a table as '.txt'" in err
    assert list(tmp_path.iterdir()) == []
