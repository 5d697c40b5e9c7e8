"""The menu crawl: every menu action on a fresh demo project, its dialogs answered, must show.

Each menu path is one test case with its own copy of the demo project and its own window:
the first interview open, a code clicked in the codebook and a few words selected, as a
user would have them. The action is triggered; every dialog that appears is filled in and
accepted (or, refused, cancelled) through its buttons; then nothing may have escaped, no
error may have been reported that the table below does not expect, and something the user
can see must differ from before. Actions with no entry in the table go the generic way, so
a menu action added later is crawled too.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from traceback import format_exception
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, QSettings, Qt, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from qcode.services.coding import code_span
from qcode.services.copies import make_coder_copy
from qcode.store.project import create_project, open_project
from qcode.ui.main_window import MainWindow
from qcode.ui.menus.codebook_actions import FLAGS
from qcode.ui.project_dialogs import remember_project
from qcode.ui.projects import Projects, build_window
from tests.ui.crawl import Answerer, busy, changes, shown_top_levels, snapshot
from tests.ui.menus import every_action

CODER = "Ana"
SETTLE_MS = 30_000
MenuPath = tuple[str, ...]


# -- menu paths, the same in every window -----------------------------------------------------


def normalized(path: MenuPath) -> MenuPath:
    """A path as the crawl names it: recent projects without their folder, Undo/Redo bare."""
    if path[:2] == ("File", "Open recent") and " — " in path[-1]:
        return (*path[:2], path[-1].split(" — ")[0])
    if path[0] == "Edit" and path[-1].split(" ")[0] in ("Undo", "Redo"):
        return ("Edit", path[-1].split(" ")[0])
    return path


def actions_of(window: Any) -> dict[MenuPath, QAction]:
    return {normalized(path): action for path, action in every_action(window).items()}


def make_projects(folder: Path) -> Projects:
    """What the app makes: New, Open, Open recent and Close swap windows built the app's way."""
    remember_project(folder / "other.qcode")  # Open recent lists a second project
    make = partial(build_window, MainWindow, ask=False, remember_layout=False)
    return Projects(make, CODER)


def collected_paths() -> list[MenuPath]:
    """Every menu path of a window on a project set up as each case's (its menus do not
    depend on what the project holds: test_the_crawl_reaches_every_action checks that)."""
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, name)
        QCoreApplication.setOrganizationName("qcode-tests")
        QCoreApplication.setApplicationName("qcode-tests")
        create_project(folder / "other.qcode", title="Other").close()
        project = create_project(folder / "demo.qcode", title="Menus")
        projects = make_projects(folder)
        window: Any = projects.make_window(project, CODER)
        projects.adopt(window)
        window.recent_menu.aboutToShow.emit()
        paths = list(actions_of(window))
        window.deleteLater()
        QThreadPool.globalInstance().waitForDone(10_000)
        project.close()
        QSettings().clear()
    return paths


COLLECTED: list[MenuPath] = []  # filled once, when the cases are collected


def case_id(path: MenuPath) -> str:
    text = " > ".join(path).replace("…", "...").replace("×", "x")
    return re.sub(r"[^\w .>()'-]", "_", text)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "menu_path" in metafunc.fixturenames:
        if not COLLECTED:
            COLLECTED.extend(collected_paths())
        metafunc.parametrize("menu_path", COLLECTED, ids=[case_id(p) for p in COLLECTED])


# -- one case's world -------------------------------------------------------------------------


@dataclass
class Crawl:
    """A copy of the demo open in a window as the app opens it, and the files a user has."""

    qtbot: Any
    folder: Path
    projects: Projects
    window: Any
    files: list[Path] = field(default_factory=list)  # offered to a dialog opening a file

    @property
    def workbench(self) -> Any:
        return self.window.workbench

    def leaf_codes(self) -> list[Any]:
        """Codes without sub-codes that have segments of their own, in codebook order."""
        model, found = self.window.codebook.model, []

        def walk(parent: Any) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                node = model.node(index)
                if model.rowCount(index) == 0 and node is not None and node.segments:
                    found.append(node)
                walk(index)

        walk(QModelIndex())
        return found

    def choose(self, code_id: int) -> None:
        """Click the code in the codebook (unless it is the current one already)."""
        if self.workbench.current_code == code_id:
            return
        book = self.window.codebook
        index = book.proxy.mapFromSource(book.model.index_of(code_id))
        book.tree.scrollTo(index)
        rect = book.tree.visualRect(index)
        self.qtbot.mouseClick(book.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert self.workbench.current_code == code_id

    def select(self, number: int) -> tuple[int, int]:
        """Select the ``number``-th group of three words in the open transcript."""
        view = self.window.transcript.view
        runs = list(re.finditer(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", view.view.text))
        match = runs[5 + 7 * number]
        view.select_span(match.start(), match.end())
        return match.start(), match.end()

    def trigger(self, *path: str) -> None:
        """Choose a menu action while preparing a case (one that asks nothing)."""
        action = actions_of(self.window)[path]
        assert action.isEnabled(), f"{' ▸ '.join(path)} is disabled"
        action.trigger()
        settle(self.qtbot, None)


def settle(qtbot: Any, answerer: Answerer | None) -> None:
    """Let posted work run, then wait until no dialog is left and nothing is computing."""
    for _ in range(3):
        QApplication.processEvents()
    qtbot.waitUntil(lambda: not busy() and not (answerer and answerer.pending()), timeout=SETTLE_MS)


@pytest.fixture
def crawl(qtbot, tmp_path: Path, demo_file: Path) -> Iterator[Crawl]:  # type: ignore[no-untyped-def]
    shutil.copy(demo_file, tmp_path / "demo.qcode")
    create_project(tmp_path / "other.qcode", title="Other study").close()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    interview = inbox / "PZ 1.txt"
    interview.write_text("Interviewer: How was it?\nPZ: The mentoring gave me time to think.\n")
    projects = make_projects(tmp_path)
    assert projects.open_path(tmp_path / "demo.qcode")
    window = projects.window
    qtbot.addWidget(window)
    window.resize(1400, 900)
    qtbot.waitExposed(window)
    world = Crawl(qtbot, tmp_path, projects, window, [interview, tmp_path / "other.qcode"])
    settle(qtbot, None)
    try:
        yield world
    finally:
        for shown in shown_top_levels():
            shown.close()
        QThreadPool.globalInstance().waitForDone(10_000)
        projects.shutdown()


# -- the table: only what needs more than the generic way -------------------------------------


@dataclass(frozen=True)
class Case:
    prepare: Callable[[Crawl], None] | None = None  # before the action, as a user would
    then: Callable[[Crawl], None] | None = None  # after it, outside any dialog
    check: Callable[[Crawl], None] | None = None  # what it must have done
    refusal: str = ""  # the start of a one-line refusal this action is expected to give
    dialog_refusal: str = ""  # what a dialog it opens is expected to say when refusing


def code_selection(crawl: Crawl) -> None:
    crawl.trigger("Code", "Code with current code")
    crawl.select(1)


def code_and_undo(crawl: Crawl) -> None:
    code_selection(crawl)
    crawl.trigger("Edit", "Undo")


def coders_copy(crawl: Crawl) -> None:
    """Chris coded in a copy made from this project; the copy comes back to be merged."""
    copy = crawl.folder / "inbox" / "demo-chris.qcode"
    make_coder_copy(crawl.workbench.project, copy, coder="Chris")
    start, end = crawl.select(3)
    with open_project(copy) as theirs:
        document = crawl.window.transcript.document_id()
        code_span(theirs, document, crawl.workbench.current_code, "Chris", start, end)
    crawl.files.insert(0, copy)


def open_workshop(crawl: Crawl) -> None:
    crawl.trigger("Team", "Workshop: walk the disagreements")


def workshop_decision(crawl: Crawl) -> None:
    """The team decided one disagreement in the workshop: Ana's coding kept, and why."""
    open_workshop(crawl)
    dock, click = crawl.window.workshop, crawl.qtbot.mouseClick
    click(dock.choice_buttons["keep"], Qt.MouseButton.LeftButton)
    QTest.keyClicks(dock.rationale, "Ana's span holds the whole mechanism")
    click(dock.decide_button, Qt.MouseButton.LeftButton)
    settle(crawl.qtbot, None)


def rename_in_place(crawl: Crawl) -> None:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "Rename code opened no editor in the codebook"
    QTest.keyClicks(editor, "Crawled name")
    QTest.keyClick(editor, Qt.Key.Key_Return)


def opened(name: str) -> Callable[[Crawl], None]:
    def check(crawl: Crawl) -> None:
        now = crawl.projects.window
        assert now is not crawl.window and not crawl.window.isVisible()
        assert now.isVisible() and now.workbench.project.path.name == name
        crawl.qtbot.addWidget(now)

    return check


def start_window_shows(crawl: Crawl) -> None:
    assert not crawl.window.isVisible() and crawl.projects.window is None
    assert crawl.projects.start is not None and crawl.projects.start.isVisible()


def window_closed(crawl: Crawl) -> None:
    assert not crawl.window.isVisible()
    assert not [w for w in shown_top_levels() if w.window() is crawl.window]


def imported(crawl: Crawl) -> None:
    assert crawl.window.status_label.text() == "Imported 1 of 1 file(s)"


CASES: dict[MenuPath, Case] = {
    ("File", "New project…"): Case(check=opened("crawl-1.qcode")),
    ("File", "Open…"): Case(check=opened("other.qcode")),
    ("File", "Open recent", "2 other.qcode"): Case(check=opened("other.qcode")),
    ("File", "Open team project…"): Case(dialog_refusal="study: could not reach the server ("),
    ("File", "Close"): Case(check=start_window_shows),
    ("File", "Quit"): Case(check=window_closed),
    ("File", "Import documents…"): Case(check=imported),
    ("File", "Export", "Decision log…"): Case(prepare=workshop_decision),
    ("Edit", "Undo"): Case(prepare=code_selection),
    ("Edit", "Redo"): Case(prepare=code_and_undo),
    ("Code", "Rename code"): Case(then=rename_in_place),
    ("Team", "Merge a coder's copy…"): Case(prepare=coders_copy),
    ("View", "Reset layout"): Case(prepare=open_workshop),
}


def recent_codes(count: int) -> Callable[[Crawl], None]:
    """Code with ``count`` different codes first, so Recent code ``count`` has one to use."""

    def prepare(crawl: Crawl) -> None:
        for number, node in enumerate(crawl.leaf_codes()[:count]):
            crawl.choose(node.id)
            crawl.select(number + 1)
            crawl.trigger("Code", "Code with current code")
        crawl.select(0)

    return prepare


def case_for(path: MenuPath) -> Case:
    """The table's entry, else the rule for a family of paths, else the generic way."""
    if path in CASES:
        return CASES[path]
    recent = re.fullmatch(r"Recent code (\d+)", path[-1])
    if path[0] == "Code" and recent:
        return Case(prepare=recent_codes(int(recent.group(1))))
    return Case()


def flag_of(path: MenuPath) -> str | None:
    """The flag a Code ▸ Realist flag entry sets (the current code must have another)."""
    if path[:2] != ("Code", "Realist flag"):
        return None
    return dict(FLAGS)[path[-1]]


# -- the crawl ---------------------------------------------------------------------------------


def test_menu_action(qtbot, crawl: Crawl, menu_path: MenuPath) -> None:  # type: ignore[no-untyped-def]
    case, name = case_for(menu_path), " ▸ ".join(menu_path)
    flag = flag_of(menu_path)
    code = next(n for n in crawl.leaf_codes() if flag is None or n.flags != flag)
    crawl.choose(code.id)
    crawl.select(0)
    if case.prepare is not None:
        case.prepare(crawl)
    action = actions_of(crawl.window).get(menu_path)
    assert action is not None, f"{name}: not in the demo window's menus"
    assert action.isEnabled(), f"{name} is disabled in the prepared window"
    workbench = crawl.workbench
    errors, before = len(workbench.errors), snapshot(crawl.window, crawl.folder)
    answerer = Answerer(crawl.files, crawl.folder / "out", workbench.current_code)
    with qtbot.captureExceptions() as escaped:
        answerer.start()
        action.trigger()
        if case.then is not None:
            settle(qtbot, answerer)
            case.then(crawl)
        settle(qtbot, answerer)
        answerer.stop()
    assert not escaped, f"{name} raised: " + "".join(format_exception(escaped[0][1]))
    after = snapshot(crawl.window, crawl.folder)
    assert not answerer.stuck, f"{name}: no button closed {answerer.stuck}"
    if case.dialog_refusal:
        assert len(answerer.refused) == 1 and case.dialog_refusal in answerer.refused[0], name
    else:
        assert not answerer.refused, f"{name}: refused when answered: {answerer.refused}"
    reported = workbench.errors[errors:]
    if crawl.projects.window not in (None, crawl.window):  # a project opened in a new window
        reported += crawl.projects.window.workbench.errors
    if case.refusal:
        assert len(reported) == 1 and reported[0].startswith(case.refusal), (name, reported)
    else:
        assert not reported, f"{name} reported: {reported}"
    assert answerer.seen or changes(before, after), f"{name}: nothing visible changed"
    if case.check is not None:
        case.check(crawl)


def test_the_crawl_reaches_every_action_of_the_demo_window(crawl: Crawl) -> None:
    """The cases were collected on a window like each case's; the demo's has no other action."""
    assert COLLECTED and sorted(actions_of(crawl.window)) == sorted(COLLECTED)
