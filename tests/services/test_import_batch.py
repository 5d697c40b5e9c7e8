"""`import_files` (what the GUI's import worker calls): an outcome for every file, no printing."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.services.documents import importing
from qcode.services.imports import import_files
from qcode.store.project import Project


def test_every_file_gets_an_outcome_whatever_one_raises(
    tmp_path: Path, project: Project, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    real_read = importing.read_file

    def read(path: Path, **options):
        if path.name == "odd.txt":
            raise MemoryError("out of memory")
        return real_read(path, **options)

    monkeypatch.setattr(importing, "read_file", read)
    (tmp_path / "PQ 1.txt").write_text("PQ: one.\n", encoding="utf-8")
    (tmp_path / "odd.txt").write_text("PO: two.\n", encoding="utf-8")
    (tmp_path / "PJ 2.txt").write_bytes(b"PJ: th\x00ree.\n")
    (tmp_path / "broken.qdpx").write_bytes(b"not a zip")
    (tmp_path / "PR 1.txt").write_text("PR: four.\n", encoding="utf-8")
    names = ["PQ 1.txt", "odd.txt", "PJ 2.txt", "broken.qdpx", "PR 1.txt"]
    seen: list[str] = []
    outcomes = import_files(
        project, [tmp_path / n for n in names], progress=lambda _i, _n, name: seen.append(name)
    )
    assert [(o.path.name, o.status) for o in outcomes] == [
        ("PQ 1.txt", "imported"),
        ("odd.txt", "failed"),
        ("PJ 2.txt", "failed"),
        ("broken.qdpx", "failed"),
        ("PR 1.txt", "imported"),
    ]
    assert seen == [*names, ""]
    odd = outcomes[1]
    assert odd.message == (
        "odd.txt: could not be imported (internal error: MemoryError: out of memory); "
        "nothing was stored"
    )
    assert isinstance(odd.error, MemoryError)
    assert all(o.error is None for o in outcomes if o is not odd)  # refusals are not errors
    assert all("\n" not in o.message for o in outcomes)
    assert capsys.readouterr() == ("", "")
