"""The output-path rule, and the file-writing services the GUI calls keeping to it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from qcode.errors import QcodeError
from qcode.services.auditlog import export_audit_csv
from qcode.services.codebook.edit import add_code
from qcode.services.codebook.exchange import export_codebook_csv
from qcode.services.output_paths import check_output_path, session_project_file
from qcode.store.project import Project, create_project

RULE = re.escape("choose another output file (exports never write over a project)")


def test_ordinary_outputs_pass(tmp_path: Path, project: Project) -> None:
    (tmp_path / "old.csv").write_text("a,b\n", encoding="utf-8")
    for name in ("log.csv", "old.csv", "report.docx", "study.qcode.csv", "qcode"):
        assert check_output_path(tmp_path / name, project.path) == tmp_path / name
    assert check_output_path(tmp_path / "new.csv", None) == tmp_path / "new.csv"


@pytest.mark.file_only(reason="an output path beside the project file, its links and companions")
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("study.qcode", "study.qcode: is the project itself"),
        ("study.qcode-wal", "study.qcode-wal: is part of the project study.qcode"),
        ("study.qcode-shm", "study.qcode-shm: is part of the project study.qcode (its shared"),
        ("study.qcode-journal", "study.qcode-journal: is part of the project study.qcode (its"),
        ("Other.QCode", "Other.QCode: is named as a project (.qcode)"),
    ],
)
def test_the_project_its_companions_and_project_names_are_refused(
    project: Project, name: str, reason: str
) -> None:
    with pytest.raises(QcodeError, match=rf"^{re.escape(reason)}.*; {RULE}$") as caught:
        check_output_path(project.path.with_name(name), project.path)
    assert "\n" not in str(caught.value)


@pytest.mark.file_only(reason="an output path beside the project file, its links and companions")
def test_links_to_the_project_and_other_databases_are_refused(
    tmp_path: Path, project: Project
) -> None:
    (tmp_path / "link.csv").symlink_to(project.path)
    os.link(project.path, tmp_path / "hard.csv")
    with create_project(tmp_path / "other.qcode"):
        pass
    (tmp_path / "copy.csv").write_bytes((tmp_path / "other.qcode").read_bytes())
    with pytest.raises(QcodeError, match="link.csv: is the project study.qcode"):
        check_output_path(tmp_path / "link.csv", project.path)
    with pytest.raises(QcodeError, match="hard.csv: is the project study.qcode"):
        check_output_path(tmp_path / "hard.csv", project.path)
    with pytest.raises(QcodeError, match="other.qcode: is a qcode project;"):
        check_output_path(tmp_path / "other.qcode", None)
    with pytest.raises(QcodeError, match="copy.csv: is a database"):
        check_output_path(tmp_path / "copy.csv", None)


@pytest.mark.file_only(reason="an output path beside the project file, its links and companions")
def test_the_gui_csv_exports_refuse_the_project(project: Project) -> None:
    add_code(project, ["Helped"])
    before = project.path.read_bytes()
    with project.session() as session:
        assert session_project_file(session) == project.path
        with pytest.raises(QcodeError, match=RULE):
            export_audit_csv(session, project.path)
        with pytest.raises(QcodeError, match=RULE):
            export_codebook_csv(session, project.path.with_name("study.qcode-wal"))
    assert project.path.read_bytes() == before
