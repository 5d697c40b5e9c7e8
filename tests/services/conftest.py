"""Factories for service tests: projects with documents, codes and coding in one call."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from qcode.services import auditlog
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.store.project import Project
from tests.helpers import add_text

Coding = tuple[str, str, str, int, int]  # document, code path, coder, start, end


@pytest.fixture
def make_project(new_project: Callable[..., Project]) -> Callable[..., Project]:
    """Build a project (a file, or a server database: see ``backend``): ``documents``
    {name: (participant, wave, text)}, codes, coding."""

    def make(
        documents: dict[str, tuple[str | None, int | None, str]] | None = None,
        codes: Sequence[str | tuple[str, str]] = (),
        coding: Sequence[Coding] = (),
        name: str = "study",
    ) -> Project:
        project = new_project(name)
        for doc_name, (participant, wave, text) in (documents or {}).items():
            add_text(project, doc_name, text, participant, wave)
        for code in codes:
            path, flags = (code, "") if isinstance(code, str) else code
            add_code(project, path, flags=flags)
        for doc_name, path, coder, start, end in coding:
            code_span(project, doc_name, path, coder, start, end)
        return project

    return make


@pytest.fixture(params=["walked", "indexed"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How a file's filter reads: the events in order first (as on a short trail), or its
    word index at once (as on a long trail whose first events do not fill a window)."""
    if request.param == "indexed":
        monkeypatch.setattr(auditlog, "WALK", 0)
    return str(request.param)
