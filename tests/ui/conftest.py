"""GUI fixtures: offscreen Qt, settings kept in tmp, a small two-coder project and its workbench."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
QtCore = pytest.importorskip("PySide6.QtCore", reason="PySide6 is not importable: no GUI tests")

from qcode.services.codebook.edit import add_code  # noqa: E402
from qcode.services.coders import add_coder  # noqa: E402
from qcode.services.coding import code_span  # noqa: E402
from qcode.store.project import Project, create_project  # noqa: E402
from tests.helpers import add_text  # noqa: E402

TEXT_A = (
    "Interviewer: What did the mentoring change for you?\n"
    "PA: Having protected time made the difference. Someone finally listened.\n"
    "Interviewer: And at work?\n"
    "PA: I stopped dreading Mondays, honestly.\n"
)
TEXT_B = (
    "Interviewer: How did you find a mentor?\n"
    "PB: Through the scheme. The first meeting felt awkward but safe.\n"
    "PB: Later we set goals together and I changed practice.\n"
)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[None]:
    """QSettings written under tmp_path, never into the user's real configuration."""
    settings = QtCore.QSettings
    settings.setDefaultFormat(settings.Format.IniFormat)
    settings.setPath(settings.Format.IniFormat, settings.Scope.UserScope, str(tmp_path / "cfg"))
    QtCore.QCoreApplication.setOrganizationName("qcode-tests")
    QtCore.QCoreApplication.setApplicationName("qcode-tests")
    yield
    settings().clear()


@pytest.fixture(autouse=True)
def thawed_after_each_test() -> Iterator[None]:
    """One process runs many windows: what a test's window froze may be collected after it."""
    yield
    gc.unfreeze()


@pytest.fixture
def ui_project(tmp_path: Path) -> Iterator[Project]:
    """Two interviews, a small codebook with C/M flags, and coding by Ana and Ben."""
    with create_project(tmp_path / "ui.qcode", title="UI study") as project:
        add_text(project, "PA 1", TEXT_A, "PA", 1)
        add_text(project, "PB 2", TEXT_B, "PB", 2)
        add_coder(project, "Ana", color="#d62728")
        add_coder(project, "Ben", color="#1f77b4")
        add_code(project, "Better work/Protected time", flags="C", color="#2ca02c")
        add_code(project, "Better work/Being listened to", flags="M", color="#9467bd")
        add_code(project, "Better relationships/Safe space", flags="CM", color="#ff7f0e")
        code_span(project, "PA 1", "Better work/Protected time", "Ana", 63, 77)
        code_span(project, "PA 1", "Better work/Being listened to", "Ana", 99, 124)
        code_span(project, "PA 1", "Better work/Protected time", "Ben", 52, 100)
        code_span(project, "PB 2", "Better relationships/Safe space", "Ben", 99, 103)
        yield project


@pytest.fixture
def workbench(qtbot, ui_project: Project):  # type: ignore[no-untyped-def]
    from qcode.ui.workbench import Workbench

    return Workbench(ui_project, coder="Ana")


@pytest.fixture
def window(qtbot, workbench):  # type: ignore[no-untyped-def]
    """The main window on the small project, shown (a test file may define its own)."""
    from qcode.ui.main_window import MainWindow

    main = MainWindow(workbench, remember_layout=False)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once by the service ``qcode demo`` uses; each test copies it."""
    from qcode.services.demo.build import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.qcode"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_window(qtbot, demo_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The main window on a copy of the demo project, as Ana, shown."""
    from qcode.store.project import open_project
    from qcode.ui.main_window import MainWindow
    from qcode.ui.workbench import Workbench

    copy = tmp_path / "demo.qcode"
    shutil.copy(demo_file, copy)
    with open_project(copy) as project:
        main = MainWindow(Workbench(project, "Ana"), remember_layout=False)
        qtbot.addWidget(main)
        main.show()
        qtbot.waitExposed(main)
        yield main
        main.close()
