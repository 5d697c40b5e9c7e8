"""The four commands the kill -9 trials interrupt, each prepared from scratch in a folder."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path

import docx

from bench.corpus import interview
from bench.killing import Scenario
from qcode.store.project import create_project

CODES = ("Support", "Time", "Trust", "Workload", "Career")
APPLICATION: list[object] = []
WORDS = ("support", "time", "trust", "workload", "career")  # all in bench.corpus.WORDS


def qcode(*argv: str | Path) -> str:
    """Run one qcode command in this process (as the CLI tests do); its output."""
    from qcode.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(arg) for arg in argv])
    if status != 0:
        raise RuntimeError(f"qcode {' '.join(map(str, argv))}: {err.getvalue().strip()}")
    return out.getvalue()


def study(path: Path, documents: int, words: int) -> Path:
    """A project with ``documents`` interviews of about ``words`` words and the codebook."""
    create_project(path, title="Reliability study").close()
    texts = []
    for n in range(documents):
        source = path.parent / f"P{chr(65 + n)} 1.txt"
        source.write_text(interview(words, seed=n, speaker=f"P{chr(65 + n)}"), encoding="utf-8")
        texts.append(source)
    qcode("import", path, *texts)
    for code in CODES:
        qcode("codes", path, "add", f"Themes/{code}")
    return path


def code_words(path: Path, coder: str) -> None:
    """Code every occurrence of each word with its code, as ``coder``."""
    for word, code in zip(WORDS, CODES, strict=True):
        qcode("autocode", path, word, "--code", f"Themes/{code}", "--coder", coder)


def write_docx(path: Path, text: str) -> Path:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(path: Path, text: str, lines_per_page: int = 40) -> Path:
    """A PDF drawn with Qt's QPdfWriter, one text line per row, as the ingest tests do."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFont, QGuiApplication, QPageSize, QPainter, QPdfWriter
    from PySide6.QtWidgets import QApplication

    if not APPLICATION:  # kept: Qt's application must outlive every writer
        APPLICATION.append(QGuiApplication.instance() or QApplication([]))
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Sans", 9))
    lines = text.splitlines()
    for page, first in enumerate(range(0, len(lines), lines_per_page)):
        if page:
            writer.newPage()
        for row, line in enumerate(lines[first : first + lines_per_page]):
            painter.drawText(200, 400 + 300 * row, line[:90])
    painter.end()
    return path


def import_batch(folder: Path, scale: int) -> Scenario:
    """`qcode import` of two .docx, two .pdf and two .txt transcripts into a small study."""
    project = study(folder / "study.qcode", 1, 200 * scale)
    files = []
    for n, (suffix, write) in enumerate(WRITERS):
        label = f"R{chr(65 + n)}"
        text = interview(400 * scale, seed=100 + n, speaker=label)
        files.append(write(folder / f"{label} 1.{suffix}", text))
    argv = ("import", project.name, *map(str, files))
    partials = tuple(argv[: 2 + k] for k in range(1, len(files)))
    return Scenario("import", project.name, (project,), argv, partials)


def write_txt(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


WRITERS: tuple[tuple[str, Callable[[Path, str], Path]], ...] = (
    ("docx", write_docx),
    ("pdf", write_pdf),
    ("txt", write_txt),
    ("docx", write_docx),
    ("pdf", write_pdf),
    ("txt", write_txt),
)


def autocode(folder: Path, scale: int) -> Scenario:
    """`qcode autocode` of a common word over several documents, one undoable step."""
    project = study(folder / "study.qcode", 5, 1500 * scale)
    argv = ("autocode", project.name, "support", "--code", "Themes/Support", "--coder", "Ann")
    return Scenario("autocode", project.name, (project,), argv)


def merge(folder: Path, scale: int) -> Scenario:
    """`qcode merge` of a coder's copy (made with `qcode copy`, coded in) into the team file."""
    team = study(folder / "team.qcode", 4, 2000 * scale)
    copy = folder / "ann.qcode"
    qcode("copy", team, copy, "--coder", "Ann")
    code_words(copy, "Ann")
    return Scenario("merge", team.name, (team, copy), ("merge", team.name, copy.name))


def refi_import(folder: Path, scale: int) -> Scenario:
    """`qcode import` into an empty project of a .qdpx qcode exported, codes and coding and all."""
    (folder / "source").mkdir()
    source = study(folder / "source" / "source.qcode", 4, 600 * scale)
    code_words(source, "Ben")
    exchange = folder / "study.qdpx"
    qcode("export", "qdpx", source, "-o", exchange)
    target = folder / "empty.qcode"
    create_project(target, title="Received").close()
    return Scenario("REFI import", target.name, (target,), ("import", target.name, str(exchange)))


PREPARERS: dict[str, Callable[[Path, int], Scenario]] = {
    "import": import_batch,
    "merge": merge,
    "autocode": autocode,
    "REFI import": refi_import,
}


def prepare(name: str, folder: Path, scale: int = 1) -> Scenario:
    """Make the named scenario's material in ``folder`` (a new, empty folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    return PREPARERS[name](folder, scale)
