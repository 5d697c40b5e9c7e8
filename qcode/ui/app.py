"""Start the desktop program: the application, the start window or the main window, screenshots."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from qcode.errors import QcodeError
from qcode.store.postgres import open_any
from qcode.store.project import Project
from qcode.ui.platform_check import xcb_problem

NO_DISPLAY = (
    "no display to open a window on: run qcode on a desktop, or in a virtual display "
    "(xvfb-run -a qcode ...), or add --screenshot FILE.png to `qcode open`/`qcode demo` "
    "to write a picture of the window instead"
)
UNSEEN_PLATFORMS = ("offscreen", "minimal")


def ensure_platform(screenshot: bool) -> bool:
    """Choose how Qt draws before it starts; returns whether anyone will see the window.

    With no display, or where Qt would start on X11 but its plugin cannot load (system
    libraries missing), a picture is drawn offscreen and a window is refused in one line
    (naming what to install) instead of Qt aborting the process.
    """
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    linux = sys.platform.startswith("linux")
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if linux and no_display and not chosen:
        if not screenshot:
            raise QcodeError(NO_DISPLAY)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return False
    problem = xcb_problem(os.environ, sys.platform)
    if problem is not None:
        if not (screenshot and not chosen):
            raise QcodeError(problem)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] not in UNSEEN_PLATFORMS


def note_unseen_window() -> None:
    """QT_QPA_PLATFORM draws nowhere: say so, since no question asked there can be answered."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    print(
        f"qcode: QT_QPA_PLATFORM={platform} draws the window where no one sees it; it asks "
        "nothing and runs until stopped (Ctrl+C); --screenshot FILE.png writes a picture",
        file=sys.stderr,
        flush=True,
    )
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Qt's loop would otherwise swallow Ctrl+C


QUIET_MESSAGES = ("propagateSizeHints",)


def quiet_platform_noise(kind: object, context: object, message: str) -> None:
    """Pass Qt's messages on to stderr, except the offscreen plugin's harmless notes."""
    if not any(noise in message for noise in QUIET_MESSAGES):
        print(message, file=sys.stderr)


def application() -> object:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(quiet_platform_noise)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("qcode")
    app.setApplicationName("qcode")
    return app


def run_app(
    project: Path | str | None,
    screenshot: Path | None = None,
    coder: str | None = None,
    dock: str | None = None,
) -> int:
    """Open the GUI on a project, a file or a server URL (or the last one, or the start
    window); returns the exit status."""
    seen = ensure_platform(screenshot is not None)
    app = application()
    from PySide6.QtCore import QSettings

    from qcode.ui.project_dialogs import remember_project

    settings = QSettings()
    if project is None:
        project = choose_project(settings, ask=seen)
    if screenshot is None and not seen:
        note_unseen_window()
    asks = screenshot is None and seen  # nobody can answer a question on an unseen window
    coder = coder or settings_coder(settings)
    projects = app_projects(coder, asks)
    if project is None:  # nothing to reopen: New, Open and the recent projects to choose from
        projects.start_window().show()
    else:
        opened = open_any(project)
        if isinstance(project, Path):
            remember_project(project)
        window = open_window(opened, coder, ask=asks)
        if screenshot is not None:
            return write_screenshot(window, screenshot, dock)
        projects.adopt(window)
        report_uncaught_errors(window.workbench)  # type: ignore[attr-defined]
        window.show()  # type: ignore[attr-defined]
    status = app.exec()  # type: ignore[attr-defined]
    projects.shutdown()
    return int(status)


def app_projects(coder: str | None, ask: bool) -> Any:
    """What New, Open, Open recent and Close work on: each window made as the first one was."""
    from qcode.ui.projects import Projects

    def make_window(project: Project, who: str | None) -> object:
        window = open_window(project, who, ask)
        report_uncaught_errors(window.workbench)  # type: ignore[attr-defined]
        return window

    return Projects(make_window, coder, delete_closed=True)  # type: ignore[arg-type]


def report_uncaught_errors(workbench: object) -> None:
    """Show any error that escapes a Qt slot in the status bar (one line; details in the log)."""

    def hook(kind: type[BaseException], value: BaseException, trace: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, trace)  # type: ignore[arg-type]
            return
        workbench.report_failure(value)  # type: ignore[attr-defined]

    sys.excepthook = hook


def settings_coder(settings: object) -> str | None:
    value = settings.value("coder/name")  # type: ignore[attr-defined]
    return str(value) if value else None


def open_window(project: Project, coder: str | None, ask: bool) -> Any:
    """The main window on an open project, the first interview shown."""
    from qcode.ui.main_window import MainWindow
    from qcode.ui.projects import build_window

    # a screenshot (ask False) uses the default layout
    return build_window(MainWindow, project, coder, ask=ask, remember_layout=ask)


def write_screenshot(window: object, path: Path, dock: str | None = None) -> int:
    """Show the window offscreen with a code chosen (and a dock brought up as its menu
    does), wait for what it computes, and save a picture of it."""
    from PySide6.QtWidgets import QApplication

    from qcode.ui.menus.screens import bring_up, settle

    show_busiest_code(window)
    window.show()  # type: ignore[attr-defined]
    settle(window)
    if dock is not None:
        bring_up(window, dock)
        settle(window)
    QApplication.processEvents()
    picture = window.grab()  # type: ignore[attr-defined]
    if not picture.save(str(path)):
        raise QcodeError(f"{path}: could not write the picture (is the folder writable?)")
    print(f"wrote {path} ({picture.width()}×{picture.height()})")
    window.close()  # type: ignore[attr-defined]
    return 0


def show_busiest_code(window: object) -> None:
    """Choose the code with most coding in the open document, and scroll to its first segment."""
    view = window.transcript.view  # type: ignore[attr-defined]
    if not view.marks:
        return
    counts: dict[int, int] = {}
    for shown in view.marks:
        counts[shown.mark.code_id] = counts.get(shown.mark.code_id, 0) + 1
    busiest = max(counts, key=lambda code_id: counts[code_id])
    window.workbench.choose_code(busiest)  # type: ignore[attr-defined]
    window.codebook.select_code(busiest, announce=False)  # type: ignore[attr-defined]
    first = min((s for s in view.marks if s.mark.code_id == busiest), key=lambda s: s.start16)
    cursor = view.textCursor()
    cursor.setPosition(first.start16)
    view.setTextCursor(cursor)
    view.centerCursor()


def choose_project(settings: object, ask: bool = True) -> Path | None:
    """The last project if it is still there; else None, for the start window (if one shows)."""
    last = settings.value("project/last")  # type: ignore[attr-defined]
    if last and Path(str(last)).is_file():
        return Path(str(last))
    if not ask:
        raise QcodeError(
            f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')} shows no window to choose "
            "a project in; name one: qcode open PROJECT (--screenshot FILE.png for a picture)"
        )
    return None
