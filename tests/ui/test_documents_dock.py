"""The documents dock: plain rows with stored counts, never texts or ORM objects."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from qcode.services.documents.view import DocumentEntry
from qcode.store.base import Base
from qcode.ui.docks.documents import DocumentsDock
from tests.ui.conftest import TEXT_A


def test_the_dock_holds_plain_rows_and_shows_stored_counts(qtmodeltester, workbench) -> None:
    dock = DocumentsDock(workbench)
    model = dock.model
    qtmodeltester.check(model)
    entries = [entry for group in model.groups for entry in group.documents]
    assert [e.name for e in entries] == ["PA 1", "PB 2"]
    for entry in entries:
        assert type(entry) is DocumentEntry
        values = [getattr(entry, f.name) for f in dataclasses.fields(entry)]
        assert not any(isinstance(v, Base) for v in values)
        assert TEXT_A not in values and not any(isinstance(v, str) and "\n" in v for v in values)
    first = model.index(0, 0, model.index(0, 0))
    tooltip = model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith(f"PA 1 (interview, wave 1, {len(TEXT_A):,} characters, 5 lines)")
    assert dock.first_document() == entries[0].id
