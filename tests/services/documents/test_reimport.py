"""Importing a file again never drops --participant, --wave or --attr without a word."""

from __future__ import annotations

from pathlib import Path

from qcode.services.documents.importing import import_file
from qcode.services.documents.outcomes import ImportOptions
from qcode.store.project import Project
from tests.helpers import audit_count, dump


def test_reimport_asking_for_new_values_fails_and_changes_nothing(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "PJ 1.txt"
    path.write_text("PJ: My mentor made time.\n", encoding="utf-8")
    assert import_file(project, path, ImportOptions(attributes={"role": "GP"})).status == "imported"
    before, events = dump(project), audit_count(project)
    outcome = import_file(project, path, ImportOptions(wave=2, attributes={"role": "Nurse"}))
    assert outcome.status == "failed"
    assert "already in the project as 'PJ 1'" in outcome.message
    assert "--wave 2, --attr role=Nurse cannot be applied" in outcome.message
    assert (dump(project), audit_count(project)) == (before, events)


def test_reimport_asking_for_what_is_so_is_skipped(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "PJ 1.txt"
    path.write_text("PJ: My mentor made time.\n", encoding="utf-8")
    options = ImportOptions(participant="PJ", wave=1, attributes={"role": "GP", "mentees": 4})
    assert import_file(project, path, options).status == "imported"
    assert import_file(project, path, options).status == "skipped"
