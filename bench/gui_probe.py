"""The window on one project, in its own process: open, code, read (python -m bench.gui_probe).

Prints one JSON line of timings (seconds) on stdout; the parent reads peak RSS from wait4.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from bench.reference import read_only

SETTLE_DEADLINE_S = 60.0
CPU_SECONDS: list[float] = []  # the main thread's CPU time of each timed action, in order


def settle() -> None:
    """Process events until none are pending: two zero-timer rounds, then deferred deletes.

    Timers with a delay (debounced refreshes) are not waited for.
    """
    deadline = time.perf_counter() + SETTLE_DEADLINE_S
    for _ in range(2):
        done: list[bool] = []
        QTimer.singleShot(0, lambda flag=done: flag.append(True))
        while not done and time.perf_counter() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def quiet(window: Any) -> None:
    """Settle, then wait for the window's background readers (a listing asked while
    preparing) to finish and be shown: an action starts from a quiet window, as a
    researcher's next one does, and pays only for what it sets off itself."""
    from qcode.ui.background import LatestOnly

    deadline = time.perf_counter() + SETTLE_DEADLINE_S
    settle()
    while time.perf_counter() < deadline and (
        any(runner.busy for runner in window.findChildren(LatestOnly))
        or QThreadPool.globalInstance().activeThreadCount()
    ):
        time.sleep(0.002)  # the GIL to the workers, as an idle event loop leaves it
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    settle()


class PaintWatch(QObject):
    """Notes the first paint event a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted_at: float | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return False


def isolate_settings(folder: Path) -> None:
    """QSettings under a scratch folder, never the user's own (as the UI tests do)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("qcode-bench")
    QCoreApplication.setApplicationName("qcode-bench")


def open_and_paint(path: Path | str, coder: str) -> tuple[Any, float]:
    """Open the project (a file or a server URL) + open_window (default layout, 1480×900)
    + show, until the text paints."""
    from qcode.store.postgres import open_any
    from qcode.ui.app import open_window

    began = time.perf_counter()
    window: Any = open_window(open_any(path), coder, ask=False)
    watch = PaintWatch(window.transcript.view.viewport())
    window.show()
    deadline = began + SETTLE_DEADLINE_S
    while watch.painted_at is None and time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    if watch.painted_at is None:
        raise RuntimeError("the transcript never painted")
    return window, watch.painted_at - began


def menu_action(window: Any, menu: str, text: str) -> QAction:
    """The action at menu path ``menu ▸ text`` (ampersands ignored)."""
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu and top.menu() is not None:
            for action in top.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    raise LookupError(f"no menu action {menu} ▸ {text}")


def leaf_codes(path: Path) -> list[int]:
    """Codes without children (the ones a double-click codes with, never folding a branch)."""
    with read_only(path) as conn:
        rows = conn.execute(
            "SELECT id FROM codes c"
            " WHERE NOT EXISTS (SELECT 1 FROM codes k WHERE k.parent_id = c.id) ORDER BY id"
        ).fetchall()
    return [code_id for (code_id,) in rows]


class SpanPicker:
    """Spans of 40 to 400 characters that coding really changes (not already coded so).

    A span inside a segment of the same code by the same coder adds nothing (qcode folds
    it away and records no change), so such spans are drawn again.
    """

    def __init__(self, path: Path, coder: str, seed: int) -> None:
        self.path = path
        self.rng = random.Random(seed)
        with read_only(path) as conn:
            row = conn.execute("SELECT id FROM coders WHERE name = ?", (coder,)).fetchone()
        self.coder_id = row[0] if row else -1

    def covered(self, document_id: int, code_id: int, start: int, end: int) -> bool:
        with read_only(self.path) as conn:
            found = conn.execute(
                "SELECT 1 FROM segments WHERE document_id = ? AND code_id = ? AND coder_id = ?"
                ' AND start <= ? AND "end" >= ? LIMIT 1',
                (document_id, code_id, self.coder_id, start, end),
            ).fetchone()
        return found is not None

    def pick(self, document_id: int, code_id: int, length: int) -> tuple[int, int]:
        for _ in range(100):
            size = min(self.rng.randint(40, 400), max(1, length - 1))
            start = self.rng.randrange(0, max(1, length - size))
            if not self.covered(document_id, code_id, start, start + size):
                break
        return start, start + size


def timed_actions(
    window: Any,
    count: int,
    prepare: Callable[[int], None],
    act: Callable[[int], None],
    lead: Callable[[int], None] | None = None,
) -> list[float]:
    """Seconds from each action to idle; each must add exactly one undoable change.

    ``lead`` (untimed) runs after the window is quiet and just before the timed action:
    a double-click's first click and the moment between the two.
    """
    history, errors = window.workbench.history, window.workbench.errors
    times = []
    for number in range(count):
        prepare(number)
        quiet(window)
        if lead is not None:
            lead(number)
        before, failed = len(history.undo_stack), len(errors)
        began, cpu = time.perf_counter(), time.thread_time()
        act(number)
        settle()
        times.append(time.perf_counter() - began)
        CPU_SECONDS.append(time.thread_time() - cpu)  # (what a busy machine does not inflate)
        if len(errors) > failed:
            raise RuntimeError(f"coding action {number} failed: {errors[-1]}")
        if len(history.undo_stack) != before + 1:
            raise RuntimeError(f"coding action {number} changed nothing (no undoable change)")
    return times


def apply_with_current(window: Any, codes: list[int], count: int, spans: SpanPicker) -> list[float]:
    """Select a span, then Code ▸ Code with current code (what Ctrl+Return triggers)."""
    action = menu_action(window, "Code", "Code with current code")
    view, document_id = window.transcript.view, window.transcript.document_id()

    def prepare(number: int) -> None:
        code = codes[number % len(codes)]
        window.workbench.choose_code(code)
        view.select_span(*spans.pick(document_id, code, len(view.view.text)))

    return timed_actions(window, count, prepare, lambda _n: action.trigger())


def apply_with_every_code_listed(
    window: Any, codes: list[int], count: int, spans: SpanPicker
) -> list[float]:
    """Ctrl+Return with "Current code and sub-codes" unticked in Coded segments: the list holds
    every segment of the project (as at start-up, before a code is chosen)."""
    box = window.segments.code_only
    box.setChecked(False)
    try:
        return apply_with_current(window, codes, count, spans)
    finally:
        box.setChecked(True)


CLICK_GAP_S = 0.12  # between a quick hand's two clicks (Qt accepts up to 0.4 s)
LEFT, NO_KEYS = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def first_click(widget: QWidget, point: Any) -> None:
    """A double-click's first press and release, then the gap before the second, in which
    the event loop runs as it does while the hand moves (what the first click set off)."""
    QTest.mouseClick(widget, LEFT, NO_KEYS, point)
    until = time.perf_counter() + CLICK_GAP_S
    while time.perf_counter() < until:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        time.sleep(0.002)


def second_click(widget: QWidget, point: Any) -> None:
    """The second press (a double-click event, which codes) and its release."""
    QTest.mouseDClick(widget, LEFT, NO_KEYS, point)
    QTest.mouseRelease(widget, LEFT, NO_KEYS, point)


def apply_by_double_click(
    window: Any, codes: list[int], count: int, spans: SpanPicker
) -> list[float]:
    """No current code: select a span, then double-click a code in the codebook tree.

    Timed from the second press (the double-click, which codes) until idle; the first
    click makes the code current, and what it sets off runs in the gap between the clicks.
    """
    dock, view = window.codebook, window.transcript.view
    document_id = window.transcript.document_id()
    points: list[Any] = []

    def prepare(number: int) -> None:
        code = codes[(number * 7) % len(codes)]
        window.workbench.choose_code(None)
        view.select_span(*spans.pick(document_id, code, len(view.view.text)))
        index = dock.proxy.mapFromSource(dock.model.index_of(code))
        dock.tree.scrollTo(index)
        points[:] = [dock.tree.visualRect(index).center()]

    def lead(_number: int) -> None:
        first_click(dock.tree.viewport(), points[0])

    def act(_number: int) -> None:
        second_click(dock.tree.viewport(), points[0])

    return timed_actions(window, count, prepare, act, lead)


def longest_document(path: Path) -> int:
    with read_only(path) as conn:
        row = conn.execute("SELECT id FROM documents ORDER BY length(text) DESC, id").fetchone()
    return int(row[0])


def open_document(window: Any, document_id: int) -> float:
    """Open a transcript as the documents panel does, until its first frame is drawn."""
    began = time.perf_counter()
    window.transcript.open_document(document_id)
    settle()
    return time.perf_counter() - began


def paint_frames(window: Any, frames: int) -> list[float]:
    """Scroll through the open transcript; time painting each frame (text, highlights, stripes)."""
    view = window.transcript.view
    bar = view.verticalScrollBar()
    stripes = getattr(view, "stripes", None)
    times = []
    for step in range(frames):
        bar.setValue(bar.maximum() * step // max(1, frames))
        began = time.perf_counter()
        view.viewport().repaint()
        if stripes is not None:
            stripes.repaint()
        times.append(time.perf_counter() - began)
    return times


def import_window_modules() -> float:
    """Seconds to import the window's modules (kept out of the window-open figure)."""
    began = time.perf_counter()
    import qcode.ui.app  # noqa: F401
    import qcode.ui.main_window  # noqa: F401
    import qcode.ui.workbench  # noqa: F401

    return time.perf_counter() - began


def measure(
    path: Path, coder: str, actions: int, frames: int, server: str = ""
) -> dict[str, object]:
    """Everything on ``path``; with ``server`` (a copy of it on a server, the same ids) the
    window works on the server, while spans and codes are still chosen from the file."""
    imported = import_window_modules()
    window, opened = open_and_paint(server or path, coder)
    settle()
    codes = leaf_codes(path)
    first_chars = len(window.transcript.view.view.text)
    current = apply_with_current(window, codes, actions, SpanPicker(path, coder, 11))
    clicked = apply_by_double_click(window, codes, actions, SpanPicker(path, coder, 12))
    every = apply_with_every_code_listed(window, codes, actions, SpanPicker(path, coder, 14))
    longest = longest_document(path)
    open_longest = open_document(window, longest)
    longest_chars = len(window.transcript.view.view.text)
    frame_times = paint_frames(window, frames)
    in_longest = apply_with_current(window, codes, actions, SpanPicker(path, coder, 13))
    cpu = [CPU_SECONDS[at : at + actions] for at in range(0, 4 * actions, actions)]
    return {
        "apply_cpu": dict(zip(("current", "click", "every", "longest"), cpu, strict=True)),
        "import_window": imported,
        "open_window": opened,
        "first_chars": first_chars,
        "apply_current": current,
        "apply_click": clicked,
        "apply_every": every,
        "open_longest": open_longest,
        "longest_chars": longest_chars,
        "frames": frame_times,
        "apply_longest": in_longest,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path)
    parser.add_argument("--coder", default="Ana")
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--server", default="", help="work on this copy on a server (a URL)")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        isolate_settings(Path(folder) / "settings")
        copy = Path(folder) / args.project.name  # coding writes: never into the cached file
        shutil.copyfile(args.project, copy)
        results = measure(copy, args.coder, args.actions, args.frames, args.server)
        app.closeAllWindows()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
