"""`qcode open --screenshot` on a real project file, as a separate process with no display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtGui import QImage

QCODE = shutil.which("qcode", path=str(Path(sys.executable).parent))


def qcode(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the command must choose offscreen by itself
    assert QCODE, "the qcode console script is installed with the package"
    return subprocess.run(
        [QCODE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_screenshot_of_a_project(ui_project, tmp_path: Path) -> None:
    ui_project.close()
    picture = tmp_path / "window.png"
    done = qcode("open", str(ui_project.path), "--screenshot", str(picture), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1480, 900)
    assert image.pixelColor(image.width() // 2, image.height() // 2).isValid()


def test_opening_a_non_project_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.qcode").write_text("not a project", encoding="utf-8")
    done = qcode("open", "notes.qcode", "--screenshot", "x.png", cwd=tmp_path)
    assert done.returncode == 1
    assert (
        done.stderr.strip() == "qcode: notes.qcode: is not a qcode project (not a project database)"
    )
    assert not (tmp_path / "x.png").exists()


def test_a_window_without_a_display_is_refused_in_one_line(ui_project, tmp_path: Path) -> None:
    ui_project.close()
    done = qcode("open", str(ui_project.path), cwd=tmp_path)
    assert done.returncode == 1 and "no display" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    # only advice that works: a desktop, a virtual display, or a picture; never offscreen
    assert "offscreen" not in done.stderr
    assert "xvfb-run" in done.stderr and "--screenshot FILE.png" in done.stderr


def test_offscreen_with_no_project_to_name_is_refused(tmp_path: Path) -> None:
    """`qcode` alone under QT_QPA_PLATFORM=offscreen would wait on an unseen file dialog."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    assert QCODE
    done = subprocess.run(
        [QCODE], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("qcode: QT_QPA_PLATFORM=offscreen shows no window")


def test_demo_writes_and_opens_the_project(tmp_path: Path) -> None:
    """`qcode demo` with no display but QT_QPA_PLATFORM=offscreen: it keeps its window open.

    Nobody can answer a question on a window drawn offscreen, so none is asked (no "Who is
    coding?"); one line on stderr says the window is unseen.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    assert QCODE
    process = subprocess.Popen(
        [QCODE, "demo", "demo.qcode"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(180, process.kill)  # however slow the machine, never hang
    watchdog.start()
    try:
        line = process.stdout.readline() if process.stdout else ""  # printed once it is written
        assert "wrote demo project" in line, process.stderr.read() if process.stderr else ""
        time.sleep(3)
        assert process.poll() is None, "the window closed by itself"
    finally:
        watchdog.cancel()
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert "Traceback" not in err
    assert err.startswith("qcode: QT_QPA_PLATFORM=offscreen draws the window where no one sees")
    assert (tmp_path / "demo.qcode").is_file()


def test_demo_screenshot(tmp_path: Path) -> None:
    done = qcode("demo", "demo.qcode", "--screenshot", "demo.png", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert QImage(str(tmp_path / "demo.png")).width() == 1480


def test_screenshot_with_a_panel_brought_up_by_its_menu(ui_project, tmp_path: Path) -> None:
    ui_project.close()
    plain, agreement = tmp_path / "plain.png", tmp_path / "agreement.png"
    assert (
        qcode("open", str(ui_project.path), "--screenshot", str(plain), cwd=tmp_path).returncode
        == 0
    )
    done = qcode(
        "open", str(ui_project.path), "--screenshot", str(agreement), "--dock", "agreement",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert QImage(str(agreement)).size() == QImage(str(plain)).size()
    assert QImage(str(agreement)) != QImage(
        str(plain)
    )  # the Agreement tab is up, not Coded segments


def test_a_panel_needs_a_picture_and_a_known_name(ui_project, tmp_path: Path) -> None:
    ui_project.close()
    done = qcode("open", str(ui_project.path), "--dock", "agreement", cwd=tmp_path)
    assert done.returncode == 1 and "give --screenshot FILE.png too" in done.stderr
    done = qcode(
        "open", str(ui_project.path), "--screenshot", "x.png", "--dock", "nope", cwd=tmp_path
    )
    assert done.returncode == 1 and "no panel 'nope'; choose one of: agreement, cmo" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.png").exists()


def test_every_panel_named_on_the_command_line_has_its_menu() -> None:
    from qcode.cli.gui_cmds import DOCKS
    from qcode.ui.menus.screens import DOCK_MENUS

    assert sorted(DOCKS) == sorted(DOCK_MENUS)
