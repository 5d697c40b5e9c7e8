"""`qcode demo PATH`: one line, a project the other commands read, reopened, never overwritten."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.cli import main

LINE = re.compile(
    r"wrote demo project to (?P<path>.+): (?P<docs>\d+) documents, (?P<codes>\d+) codes, "
    r"(?P<segments>\d+) segments by Ana and Ben"
)
ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0 and err == "", err
    return json.loads(out)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return tmp_path / "demo.qcode"


def test_demo_no_gui_prints_one_line_that_other_commands_confirm(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "demo", str(demo_path), "--no-gui")
    assert status == 0 and err == ""
    assert out.count("\n") == 1
    said = LINE.fullmatch(out.strip())
    assert said is not None, out
    assert said["path"] == str(demo_path)
    docs = run_json(capsys, "docs", str(demo_path))
    codes = run_json(capsys, "codes", str(demo_path))
    segments = run_json(capsys, "segments", str(demo_path))
    assert (int(said["docs"]), int(said["codes"]), int(said["segments"])) == (
        len(docs),
        len(codes),
        len(segments),
    )
    assert {s["coder"] for s in segments} == {"Ana", "Ben"}
    texts = {d["name"]: d for d in docs}
    for segment in segments[:20]:
        assert 0 <= segment["start"] < segment["end"] <= texts[segment["document"]]["chars"]


def test_demo_no_gui_refuses_an_existing_file_and_leaves_it_alone(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "demo", str(demo_path), "--no-gui")[0] == 0
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    status, out, err = run(capsys, "demo", str(demo_path), "--no-gui")
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("qcode: ") and "already exists" in err
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before


def test_a_second_demo_opens_the_first_as_it_is(demo_path: Path) -> None:
    """README's demo command run twice: the second run opens the project written by the first."""
    first = demo(demo_path, "--screenshot", str(demo_path.with_name("first.png")))
    assert first.returncode == 0, first.stderr
    assert LINE.fullmatch(first.stdout.splitlines()[0]), first.stdout
    before = (hashlib.sha256(demo_path.read_bytes()).hexdigest(), demo_path.stat().st_ino)
    again = demo(demo_path, "--screenshot", str(demo_path.with_name("again.png")))
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        f"{demo_path}: already exists; opening it as it is",
        f"wrote {demo_path.with_name('again.png')} (1480×900)",
    ]
    assert "Traceback" not in again.stderr
    after = (hashlib.sha256(demo_path.read_bytes()).hexdigest(), demo_path.stat().st_ino)
    assert after == before  # neither re-created nor changed


@pytest.mark.parametrize("gui", [(), ("--screenshot", "shot.png")])
def test_demo_on_a_file_that_is_no_project_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gui: tuple[str, ...]
) -> None:
    notes = tmp_path / "notes.qcode"
    notes.write_text("my notes", encoding="utf-8")
    status, out, err = run(capsys, "demo", str(notes), *gui)
    assert status == 1 and out == ""
    assert err == (
        f"qcode: {notes}: is not a qcode project (not a project database); "
        "the demo is only written to a new file\n"
    )
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert not (tmp_path / "shot.png").exists()


def test_demo_needs_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["demo"])
    assert exited.value.code == 2
    assert "required: path" in capsys.readouterr().err


def demo(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`qcode demo PATH ARGS...` in its own process, drawing offscreen, settings kept in tmp."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(path.parent / "config"))
    script = "import sys; from qcode.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", script, "demo", str(path), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_demo_without_qt_writes_the_project_then_says_why_no_window(demo_path: Path) -> None:
    script = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None; "
        "from qcode.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script, "demo", str(demo_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert LINE.fullmatch(result.stdout.strip()), result.stdout
    assert result.stderr.startswith("qcode: the desktop window is not available")
    assert result.stderr.count("\n") == 1
    assert demo_path.is_file()
