"""A second process that codes into a project and keeps it open, its writes still in the log."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qcode.services.codebook.edit import add_code
from qcode.store.project import create_project
from tests.helpers import add_text

ROOT = Path(__file__).resolve().parent.parent
TEXT = "PA: " + "The mentor listened. " * 40 + "\n"
DOCUMENT, CODE, CODER = "PA 1", "Better work/Support", "Writer"

# Codes N one-character spans (each its own committed transaction), then opens a write
# transaction that deletes every segment and never commits it, says "ready" and waits.
SCRIPT = f"""
import sqlite3, sys
from qcode.services.coding import code_span
from qcode.store.project import open_project

path, count = sys.argv[1], int(sys.argv[2])
project = open_project(path)
for n in range(count):
    code_span(project, {DOCUMENT!r}, {CODE!r}, {CODER!r}, 2 * n, 2 * n + 1)
pending = sqlite3.connect(path, isolation_level=None)
pending.execute("BEGIN IMMEDIATE")
pending.execute("DELETE FROM segments")
print("ready", flush=True)
sys.stdin.readline()
"""


def make_study(path: Path) -> Path:
    """A closed project with one transcript and one code, nothing coded yet."""
    with create_project(path, title="Study") as project:
        add_text(project, DOCUMENT, TEXT, "PA", 1)
        add_code(project, CODE)
    return path


@contextmanager
def writing_process(path: Path, count: int) -> Iterator[subprocess.Popen[str]]:
    """While inside, another process holds ``path`` open having committed ``count`` segments."""
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(path), str(count)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        assert Path(f"{path}-wal").stat().st_size > 0, "the writes should still be in the log"
        yield process
    finally:
        if process.stdin is not None:
            process.stdin.close()
        process.wait(timeout=30)
