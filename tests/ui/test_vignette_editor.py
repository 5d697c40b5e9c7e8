"""The vignette editor driven as a user does: Team ▸ Vignettes, drop quotes, write, undo, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QLineEdit, QMessageBox

from qcode.services.pseudonyms.pairs import add_pair
from qcode.services.realist.vignette_view import VignetteView, list_vignettes
from qcode.ui.docks.vignettes import VignettesDock
from qcode.ui.main_window import MainWindow
from qcode.ui.workbench import Workbench
from tests.helpers import audit_count
from tests.ui.menus import action_at, trigger

TITLE = "A safer start"
ONE_VOICE = f"⚠ Vignette '{TITLE}' draws on one participant only (PA)"


@pytest.fixture
def window(qtbot, workbench: Workbench) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


def settle(qtbot, dock: VignettesDock) -> None:  # type: ignore[no-untyped-def]
    """Wait (as a user would) until the listing and its check read off the UI thread are shown."""
    qtbot.waitUntil(lambda: not dock.busy, timeout=20000)


def stored(workbench: Workbench) -> dict[str, VignetteView]:
    with workbench.session() as session:
        return {view.title: view for view in list_vignettes(session)}


def words_of(view: VignetteView, section: str) -> list[str]:
    return [p.text for s in view.sections if s.key == section for p in s.parts]


def open_editor(qtbot, window: MainWindow) -> VignettesDock:  # type: ignore[no-untyped-def]
    trigger(window, "Team", "Vignettes")
    dock = window.vignettes
    qtbot.waitUntil(dock.isVisible)
    qtbot.waitExposed(dock)
    settle(qtbot, dock)
    return dock


def start_vignette(qtbot, window: MainWindow) -> VignettesDock:  # type: ignore[no-untyped-def]
    dock = open_editor(qtbot, window)
    qtbot.keyClicks(dock.new_title, TITLE)
    qtbot.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dock)
    return dock


def drop_segment(
    qtbot, window: MainWindow, dock: VignettesDock, section: str, coder: str, code: str
) -> None:  # type: ignore[no-untyped-def]
    """Select the row of a coder's segment in the Coded segments panel and drop it on a section."""
    segments = window.segments
    segments.show()
    segments.raise_()
    qtbot.waitExposed(segments)
    qtbot.waitUntil(lambda: not segments.lister.busy and segments.model.rowCount() == 4)
    model = segments.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.row_at(r).coder == coder and model.row_at(r).code[-1] == code
    )
    segments.table.selectRow(row)
    mime = model.mimeData(segments.table.selectionModel().selectedIndexes())
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dock.sections[section].dropEvent(drop)  # what a drop on the section delivers
    assert drop.isAccepted()
    settle(qtbot, dock)


def select_in_transcript(window: MainWindow, document: str, words: str) -> None:
    model = window.documents.model
    entry = next(e for g in model.groups for e in g.documents if e.name == document)
    window.documents.open_index(model.index_of(entry.id))
    start = window.transcript.view.toPlainText().index(words)
    window.transcript.view.select_span(start, start + len(words))


def test_quotes_dropped_and_selected_are_checked_for_anonymity(qtbot, window, workbench) -> None:
    dock = start_vignette(qtbot, window)
    assert [dock.listing.item(r).text() for r in range(dock.listing.count())] == [TITLE]
    assert dock.check.text().startswith("No quotes yet")

    drop_segment(qtbot, window, dock, "context", "Ana", "Protected time")
    assert words_of(stored(workbench)[TITLE], "context") == ["protected time"]
    assert dock.sections["context"].card_texts() == [("protected time", "— PA 1, line 2")]
    assert dock.check.text().startswith(ONE_VOICE)

    select_in_transcript(window, "PB 2", "safe")
    qtbot.mouseClick(dock.sections["mechanism"].add_selection, Qt.MouseButton.LeftButton)
    settle(qtbot, dock)
    assert dock.sections["mechanism"].card_texts() == [("safe", "— PB 2, line 2")]
    assert dock.check.text() == "Draws on 2 participants (PA, PB) ✓"

    (card,) = dock.sections["mechanism"].cards.values()
    qtbot.mouseClick(card.remove, Qt.MouseButton.LeftButton)
    settle(qtbot, dock)
    assert words_of(stored(workbench)[TITLE], "mechanism") == []
    assert dock.sections["mechanism"].card_texts() == []
    assert dock.check.text().startswith(ONE_VOICE)  # fewer participants: the warning is back


def test_bad_quotes_are_refused_in_one_line(qtbot, window, workbench) -> None:
    dock = open_editor(qtbot, window)
    qtbot.mouseClick(dock.new_button, Qt.MouseButton.LeftButton)  # no title
    assert workbench.errors[-1] == "a vignette needs a title"
    dock = start_vignette(qtbot, window)
    drop_segment(qtbot, window, dock, "context", "Ana", "Protected time")
    before = stored(workbench)
    drop_segment(qtbot, window, dock, "outcome", "Ana", "Protected time")
    assert "is already in this vignette" in workbench.errors[-1]
    select_in_transcript(window, "PB 2", "Through the scheme")  # nobody coded these words
    qtbot.mouseClick(dock.sections["outcome"].add_selection, Qt.MouseButton.LeftButton)
    assert workbench.errors[-1] == "the selected text is not coded: code it, then quote it"
    assert stored(workbench) == before


def test_typing_is_saved_per_burst_and_undone_from_the_edit_menu(qtbot, window, workbench) -> None:
    dock = start_vignette(qtbot, window)
    drop_segment(qtbot, window, dock, "context", "Ana", "Protected time")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    (card,) = dock.sections["context"].cards.values()
    card.words.setFocus()
    card.words.moveCursor(card.words.textCursor().MoveOperation.End)
    events, undoable = audit_count(workbench.project), len(workbench.history.undo_stack)
    qtbot.keyClicks(card.words, ", an hour that was mine")
    assert words_of(stored(workbench)[TITLE], "context") == ["protected time"]  # not per key
    dock.new_title.setFocus()  # focus leaves the words: the burst is saved
    settle(qtbot, dock)
    assert words_of(stored(workbench)[TITLE], "context") == [
        "protected time, an hour that was mine"
    ]
    assert len(workbench.history.undo_stack) == undoable + 1
    assert audit_count(workbench.project) == events + 1
    assert action_at(window, "Edit", "Undo").text() == f"&Undo Edit vignette part '{TITLE}'"

    trigger(window, "Edit", "Undo")
    settle(qtbot, dock)
    assert words_of(stored(workbench)[TITLE], "context") == ["protected time"]
    assert card.words.toPlainText() == "protected time"

    dock.narrative.setFocus()
    qtbot.keyClicks(dock.narrative, "Two mentees, one story.")  # a pause ends this burst
    qtbot.waitUntil(lambda: stored(workbench)[TITLE].narrative == "Two mentees, one story.")
    assert dock.narrative.hasFocus()  # saved while the user is still there


def test_rename_delete_with_confirmation_and_undo(qtbot, window, workbench) -> None:
    dock = start_vignette(qtbot, window)
    qtbot.mouseClick(dock.rename_button, Qt.MouseButton.LeftButton)
    editor = dock.listing.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "A calmer start")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dock.listing.state() != QAbstractItemView.State.EditingState)
    settle(qtbot, dock)
    assert list(stored(workbench)) == ["A calmer start"]
    assert dock.listing.currentItem().text() == "A calmer start"
    qtbot.keyClick(dock.theme_box, Qt.Key.Key_Down)  # (no outcome theme) → the first theme
    settle(qtbot, dock)
    assert stored(workbench)["A calmer start"].theme == ("Better relationships",)
    assert dock.theme_box.currentText() == "Better relationships"

    qtbot.mouseClick(dock.delete_button, Qt.MouseButton.LeftButton)
    box = dock.findChild(QMessageBox)
    assert "Delete the vignette 'A calmer start' and its 0 quote(s)?" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert list(stored(workbench)) == ["A calmer start"]
    qtbot.mouseClick(dock.delete_button, Qt.MouseButton.LeftButton)
    box = dock.confirm_box
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    settle(qtbot, dock)
    assert stored(workbench) == {}
    assert dock.listing.count() == 0 and not dock.editor.isEnabled()
    trigger(window, "Edit", "Undo")
    settle(qtbot, dock)
    assert list(stored(workbench)) == ["A calmer start"]
    assert dock.listing.currentItem().text() == "A calmer start"


def test_export_writes_the_vignette_as_the_cli_does(
    qtbot, window, workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock = start_vignette(qtbot, window)
    drop_segment(qtbot, window, dock, "context", "Ana", "Protected time")
    drop_segment(qtbot, window, dock, "outcome", "Ben", "Safe space")
    output = tmp_path / "safer.md"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(output), ""))
    )
    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    assert output.read_text(encoding="utf-8") == (
        f"# {TITLE}\n\n## Context\n\nprotected time[^1]\n\n## Impact and outcome\n\n"
        "safe[^2]\n\n[^1]: PA 1, line 2\n[^2]: PB 2, line 2\n"
    )  # each quote cited in a note, as on its card
    assert [c for _w, c in dock.sections["outcome"].card_texts()] == ["— PB 2, line 2"]
    assert window.status_label.text() == f"Wrote vignette '{TITLE}' to {output}"
    dock.sources.setCurrentIndex(dock.sources.findText("No sources"))
    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    assert output.read_text(encoding="utf-8") == (
        f"# {TITLE}\n\n## Context\n\nprotected time\n\n## Impact and outcome\n\nsafe\n"
    )

    refused = tmp_path / "ui.qcode"  # the project itself
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(refused), ""))
    )
    before = refused.read_bytes()
    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    assert "exports never write over a project" in workbench.errors[-1]
    assert refused.read_bytes() == before


def test_a_listed_place_flags_the_vignette_and_export_asks_first(
    qtbot, window, workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_pair(workbench.project, "Hillfield", "Eastbrook", "place")  # a real place on the list
    dock = start_vignette(qtbot, window)
    drop_segment(qtbot, window, dock, "context", "Ana", "Protected time")
    drop_segment(qtbot, window, dock, "outcome", "Ben", "Safe space")
    assert dock.check.text() == "Draws on 2 participants (PA, PB) ✓"
    assert dock.listing.currentItem().icon().isNull()

    dock.narrative.setFocus()
    qtbot.keyClicks(dock.narrative, "Two registrars in Hillfield, one story.")
    dock.new_title.setFocus()  # the burst ends: saved and checked again
    settle(qtbot, dock)
    problem = f"Vignette '{TITLE}' names 'Hillfield' (in the narrative), a real place on the "
    assert dock.check.text() == f"⚠ {problem}pseudonym list."
    item = dock.listing.currentItem()
    assert not item.icon().isNull() and "names 'Hillfield'" in item.toolTip()

    output = tmp_path / "flagged.md"
    asked = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_args: (asked.append(1), (str(output), ""))[1]),
    )
    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    box = dock.confirm_box
    qtbot.waitExposed(box)
    assert "fails the anonymity check" in box.text() and "names 'Hillfield'" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert asked == [] and not output.exists()  # cancelled: no file asked for, none written

    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    box = dock.confirm_box
    qtbot.waitExposed(box)
    anyway = next(b for b in box.buttons() if b.text() == "Export anyway")
    qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)
    assert asked == [1]
    assert output.read_text(encoding="utf-8").startswith(
        f"# {TITLE}\n\nTwo registrars in Hillfield, one story."
    )
    assert window.status_label.text().startswith(f"Wrote vignette '{TITLE}' to {output}")
