"""File ▸ Open team project… on a real PostgreSQL server, and other coders' work arriving live."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from qcode.services.codebook.edit import add_code
from qcode.services.history import Change
from qcode.store.models import Code
from qcode.store.postgres import create_server_project
from qcode.ui.main_window import MainWindow
from tests.helpers import add_text
from tests.ui.menus import trigger
from tests.ui.test_app import qcode

ROOT = Path(__file__).resolve().parents[2]


def make_team_project(url: str) -> None:
    with create_server_project(url, "Team study") as project:
        add_text(project, "PA 1", "The mentor listened, and I changed my practice.\n", "PA", 1)
        add_text(project, "PB 1", "Nothing changed for me at work.\n", "PB", 1)
        add_code(project, "Theme")


def open_team_project(qtbot, window: MainWindow, url: str) -> MainWindow:  # type: ignore[no-untyped-def]
    trigger(window, "File", "Open team project…")
    dialog = window.projects.team_dialog
    qtbot.waitExposed(dialog)
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, url)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    shown = window.projects.window
    qtbot.addWidget(shown)
    qtbot.waitExposed(shown)
    return shown


def marks_of(window: MainWindow) -> list[tuple[int, int]]:
    return [(m.mark.start, m.mark.end) for m in window.transcript.view.marks]


def test_a_team_project_opens_from_the_file_menu(qtbot, window, postgres_url) -> None:
    make_team_project(postgres_url)
    team = open_team_project(qtbot, window, postgres_url)
    assert team is not window, window.projects.team_dialog.error.text()
    assert not window.isVisible()
    assert team.workbench.project.engine.dialect.name == "postgresql"
    assert team.windowTitle() == f"{postgres_url.rsplit('/', 1)[1]} — qcode"
    documents = team.documents.model
    participants = {documents.index(row, 0).data() for row in range(documents.rowCount())}
    assert participants == {"PA", "PB"}
    assert team.transcript.view.toPlainText().startswith("The mentor listened")
    database = postgres_url.rsplit("/", 1)[1]
    assert team.status_label.text().startswith(f"Opened team project {database}")
    assert "on 127.0.0.1" in team.status_label.text()


def test_an_unreachable_server_is_one_line_and_the_window_stays(qtbot, window) -> None:
    trigger(window, "File", "Open team project…")
    dialog = window.projects.team_dialog
    qtbot.keyClicks(dialog.url, "postgresql://nobody@127.0.0.1:1/study")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and window.isVisible()
    assert window.projects.window is window
    text = dialog.error.text()
    assert text.startswith("study: could not reach the server (") and "\n" not in text


def test_another_coders_coding_arrives_live_and_touches_only_its_document(
    qtbot, window, postgres_url
) -> None:
    make_team_project(postgres_url)
    team = open_team_project(qtbot, window, postgres_url)
    heard: list[Change | None] = []
    team.workbench.changed.connect(heard.append)
    team.transcript.open_document(1)
    listener = team.other_writers
    other = subprocess.run(
        [sys.executable, "-m", "tests.coding_worker", postgres_url, "code", "Ben", "1", "1", "4"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert other.returncode == 0 and '"errors": []' in other.stdout, other.stderr
    qtbot.waitUntil(lambda: listener.refreshes == 1, timeout=5000)
    assert len(heard) == 1 and heard[0] is not None, "a change is told, not a reload of all"
    assert heard[0].label == "Ben's change"
    assert heard[0].documents == {1} and heard[0].tables >= {"segments"}
    qtbot.waitUntil(lambda: marks_of(team) == [(4, 5)], timeout=5000)  # the open transcript
    assert team.workbench.errors == []


def test_the_windows_own_coding_is_not_heard_again(qtbot, window, postgres_url) -> None:
    make_team_project(postgres_url)
    team = open_team_project(qtbot, window, postgres_url)
    team.transcript.open_document(1)
    with team.workbench.session() as session:
        team.workbench.choose_code(session.scalars(select(Code.id)).one())
    team.transcript.view.select_span(4, 10)
    trigger(team, "Code", "Code with current code")
    listener = team.other_writers
    looked = listener.polls
    qtbot.waitUntil(lambda: listener.polls >= looked + 4, timeout=5000)
    assert listener.refreshes == 0
    assert marks_of(team) == [(4, 10)]


def test_qcode_open_takes_a_server_url(postgres_url, tmp_path) -> None:
    make_team_project(postgres_url)
    picture = tmp_path / "team.png"
    done = qcode("open", postgres_url, "--screenshot", str(picture), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1480, 900)


def test_a_password_in_the_url_is_refused_and_never_remembered(qtbot, window) -> None:
    trigger(window, "File", "Open team project…")
    dialog = window.projects.team_dialog
    qtbot.keyClicks(dialog.url, "postgresql://ana:secret@127.0.0.1/study")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and window.projects.window is window
    assert dialog.error.text().startswith("leave the password out of the URL")
    assert "secret" not in str(QSettings().value("team/last_url", ""))


def test_the_start_window_offers_open_team_project(qtbot, window) -> None:
    trigger(window, "File", "Close")
    start = window.projects.start
    qtbot.waitExposed(start)
    qtbot.mouseClick(start.team_button, Qt.MouseButton.LeftButton)
    dialog = window.projects.team_dialog
    qtbot.waitExposed(dialog)
    assert dialog.parent() is start and dialog.windowTitle() == "Open team project"


def test_a_dropped_live_connection_comes_back_and_rereads(qtbot, window, postgres_url) -> None:
    import psycopg

    make_team_project(postgres_url)
    team = open_team_project(qtbot, window, postgres_url)
    heard: list[Change | None] = []
    team.workbench.changed.connect(heard.append)
    listener = team.other_writers
    with psycopg.connect(postgres_url, autocommit=True) as admin:  # as a server restart does
        dropped = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
        ).fetchall()
    assert dropped == [(True,)]
    qtbot.waitUntil(lambda: listener.lost, timeout=5000)
    assert team.status_label.text().startswith("Lost the live connection to the team server")
    qtbot.waitUntil(lambda: not listener.lost, timeout=15000)
    assert heard == [None], "what came meanwhile was missed: everything is reread"
    assert team.status_label.text().startswith("Live again")
    other = subprocess.run(
        [sys.executable, "-m", "tests.coding_worker", postgres_url, "code", "Ben", "1", "1", "4"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert other.returncode == 0, other.stderr
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=5000)
    assert heard[1] is not None and heard[1].documents == {1}, "heard live again, precisely"
    assert team.workbench.errors == []
