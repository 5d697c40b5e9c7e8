"""The Search dock's "Like this" tab: index, ask from a selection, tick, code, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from qcode.services.lookup import get_code
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.services.similar import matrix
from qcode.store.models import Segment
from tests.ui.menus import trigger

LISTENED = "Better work/Being listened to"


def code_id(workbench, path: str) -> int:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        return get_code(session, path).id


def coded(workbench, path: str) -> list[tuple[str, str, int, int]]:  # type: ignore[no-untyped-def]
    with workbench.session() as session:
        rows = retrieve_segments(session, SegmentFilter(code=path))
        return sorted((r.document, r.coder, r.start, r.end) for r in rows)


def test_like_the_selection_ticked_coded_and_undone(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    trigger(window, "Edit", "Find in all documents…")
    dock = window.search_dock
    dock.tabs.setCurrentWidget(dock.like_this)
    panel = dock.like_this
    with qtbot.waitSignal(panel.indexed, timeout=30_000):
        panel.index_button.click()
    assert panel.summary.text() == "2 passages indexed"

    window.transcript.open_document(window.documents.first_document())
    text = window.transcript.view.toPlainText()
    start = text.index("Someone finally listened.")
    window.transcript.view.select_span(start, start + len("Someone finally listened."))
    window.workbench.choose_code(code_id(window.workbench, LISTENED))
    before = coded(window.workbench, LISTENED)
    with qtbot.waitSignal(panel.suggestions_shown, timeout=30_000):
        panel.selection_button.click()
    # PA 1's one passage holds the code already: only PB 2's is offered, and nothing is coded.
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == ["PB 2"]
    assert coded(window.workbench, LISTENED) == before
    assert panel.accept_button.text() == "Code ticked with “Being listened to”"

    panel.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    panel.accept_button.click()
    suggestion = panel.suggestions[0] if panel.suggestions else None
    assert suggestion is None  # the coding changed: the list asks to be asked again
    after = coded(window.workbench, LISTENED)
    assert [row for row in after if row not in before] == [("PB 2", "Ana", 0, len_of_pb2())]
    trigger(window, "Edit", "Undo")
    assert coded(window.workbench, LISTENED) == before


def len_of_pb2() -> int:
    from tests.ui.conftest import TEXT_B

    return len(TEXT_B.rstrip())


def test_without_a_selection_it_says_so(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_dock.like_this
    errors: list[str] = []
    window.workbench.message.connect(lambda text, is_error: errors.append(text))
    panel.selection_button.click()
    assert errors == ["select some words in a transcript first"]


def test_edit_menu_indexes_first_then_lists_like_the_selection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_dock.like_this
    assert not panel.has_passages()
    window.transcript.open_document(window.documents.first_document())
    text = window.transcript.view.toPlainText()
    start = text.index("Someone finally listened.")
    window.transcript.view.select_span(start, start + len("Someone finally listened."))
    with qtbot.waitSignal(panel.suggestions_shown, timeout=30_000):
        trigger(window, "Edit", "Find passages like this")
    assert window.search_dock.tabs.currentWidget() is panel
    assert panel.has_passages()
    documents = {panel.table.item(r, 0).text() for r in range(panel.table.rowCount())}
    assert "PB 2" in documents


def test_context_menu_asks_like_the_selection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_dock.like_this
    with qtbot.waitSignal(panel.indexed, timeout=30_000):
        panel.index_button.click()
    window.transcript.open_document(window.documents.first_document())
    view = window.transcript.view
    text = view.toPlainText()
    start = text.index("Someone finally listened.")
    view.select_span(start, start + len("Someone finally listened."))
    menu = view.coding_menu(view.offsets.to_utf16(start + 2))
    [like] = [a for a in menu.actions() if a.text() == "Find passages like this"]
    assert like.isEnabled()
    with qtbot.waitSignal(panel.suggestions_shown, timeout=30_000):
        like.trigger()
    assert panel.table.rowCount() >= 1
    assert window.search_dock.tabs.currentWidget() is panel


def test_edit_menu_with_nothing_selected_and_no_code_says_how(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    window.workbench.message.connect(lambda text, is_error: errors.append(text))
    window.workbench.choose_code(None)
    trigger(window, "Edit", "Find passages like this")
    assert errors == ["select some words or choose a code first"]
    assert not window.search_dock.like_this.has_passages()  # nothing indexed on a bad ask


def test_a_coded_segment_s_menu_asks_like_that_segment(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel, dock = window.search_dock.like_this, window.segments
    window.workbench.choose_code(code_id(window.workbench, LISTENED))
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: dock.model.rowCount() > 0, timeout=10_000)
    [(document, _coder, _start, _end)] = coded(window.workbench, LISTENED)
    assert document == "PA 1"
    with window.workbench.session() as session:
        [segment_id] = session.scalars(
            select(Segment.id).where(Segment.code_id == code_id(window.workbench, LISTENED))
        ).all()
    window.workbench.choose_code(None)  # (every segment listed, on a worker: wait for it)
    qtbot.waitUntil(lambda: not dock.lister.busy and segment_id in list(dock.model.ids))
    menu = dock.row_menu(dock.model.index(list(dock.model.ids).index(segment_id), 0))
    [like] = [a for a in menu.actions() if a.text() == "Find passages like this segment"]
    with qtbot.waitSignal(panel.suggestions_shown, timeout=30_000):
        like.trigger()  # nothing indexed yet: it indexes first, then asks
    assert window.search_dock.tabs.currentWidget() is panel
    assert window.workbench.current_code == code_id(window.workbench, LISTENED)
    shown = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert shown == ["PB 2"]  # the segment's own passage in PA 1 holds the code: left out


def click_tab(dock, widget) -> None:  # type: ignore[no-untyped-def]
    bar = dock.tabs.tabBar()
    where = bar.tabRect(dock.tabs.indexOf(widget)).center()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def test_showing_the_tab_reads_the_passages_before_anything_is_asked(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    trigger(window, "Edit", "Find in all documents…")
    dock = window.search_dock
    panel = dock.like_this
    click_tab(dock, panel)
    with qtbot.waitSignal(panel.indexed, timeout=30_000):
        panel.index_button.click()
    click_tab(dock, dock.tabs.widget(0))
    with window.workbench.session() as session:
        key = str(session.get_bind().url)
    matrix._CACHE.pop(key, None)  # (as in a window just opened)
    click_tab(dock, panel)
    assert dock.tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: key in matrix._CACHE, timeout=30_000)  # nothing asked yet
    warmed = matrix._CACHE[key][1]
    window.transcript.open_document(window.documents.first_document())
    text = window.transcript.view.toPlainText()
    start = text.index("Someone finally listened.")
    window.transcript.view.select_span(start, start + len("Someone finally listened."))
    with qtbot.waitSignal(panel.suggestions_shown, timeout=30_000):
        panel.selection_button.click()
    assert panel.table.rowCount() > 0
    assert matrix._CACHE[key][1] is warmed  # the question used what the tab read
