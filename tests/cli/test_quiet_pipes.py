"""`qcode … | head` ends quietly with 141; Ctrl+C ends with one line and 130 (real processes)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.ingest import IngestedDocument
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.store.project import create_project

QCODE = shutil.which("qcode", path=str(Path(sys.executable).parent))
RESPONDENTS = 1500  # `docs --json` then prints ~300 kB: far more than a pipe holds


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with many documents, so listing them outlasts any pipe's buffer."""
    path = tmp_path_factory.mktemp("pipes") / "survey.qcode"
    documents = [
        IngestedDocument(name=f"Respondent {n}", text=f"answer {n}", format="txt")
        for n in range(RESPONDENTS)
    ]
    with create_project(path) as project:
        outcome = store_ingested(project, Path("survey.csv"), documents, ImportOptions())
    assert outcome.status == "imported", outcome.message
    return path


def start(*args: str, env_home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "XDG_STATE_HOME": str(env_home)}  # any error log stays in the test
    return subprocess.Popen(
        [str(QCODE), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        # Ctrl+C as a terminal sends it, even when this suite runs as a background job
        # (whose children inherit SIGINT ignored, and so would never see it)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_a_reader_that_stops_early_ends_qcode_quietly(survey: Path, tmp_path: Path) -> None:
    qcode = start("docs", str(survey), "--json", env_home=tmp_path)
    head = subprocess.Popen(["head", "-c", "10"], stdin=qcode.stdout, stdout=subprocess.PIPE)
    assert qcode.stdout is not None
    qcode.stdout.close()  # only head reads now
    shown, _ = head.communicate(timeout=120)
    assert qcode.stderr is not None
    err = qcode.stderr.read()
    assert qcode.wait(timeout=120) == 141
    assert shown == b'[\n  {"name'
    assert err == b""


def test_a_reader_gone_before_the_last_flush_leaves_no_message_at_exit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "small.qcode"
    create_project(path).close()  # its listing fits in stdout's buffer: written only at the end
    qcode = start("docs", str(path), "--json", env_home=tmp_path)
    assert qcode.stdout is not None
    qcode.stdout.close()  # no reader at all: the one write fails
    _, err = qcode.communicate(timeout=120)
    assert qcode.returncode == 141
    assert err == b""


def test_ctrl_c_ends_with_one_line_and_130(survey: Path, tmp_path: Path) -> None:
    qcode = start("docs", str(survey), "--json", env_home=tmp_path)
    assert qcode.stdout is not None
    assert qcode.stdout.read(1) == b"["  # it is listing; it then waits on the full pipe
    qcode.send_signal(signal.SIGINT)
    rest, err = qcode.communicate(timeout=120)
    assert qcode.returncode == 130
    assert err.decode() == "qcode: interrupted; a change in progress was not saved\n"
    assert len(rest) < RESPONDENTS * 100, "the rest is dropped"
