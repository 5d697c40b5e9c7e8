"""Open and scroll a long coded transcript: python -m bench.bench_gui."""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import random_spans, transcript
from qcode.ingest import IngestedDocument
from qcode.services.codebook.edit import add_code
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.documents.view import document_view
from qcode.services.search import SearchHit, autocode
from qcode.store.project import Project, create_project


def build(folder: Path, chars: int, segments: int) -> Project:
    """A project with one long transcript coded by two coders in one step each."""
    project = create_project(folder / "large.qcode")
    text = transcript(chars)
    store_ingested(
        project, Path("PX 1.txt"), [IngestedDocument("PX 1", text, "txt")], ImportOptions()
    )
    codes = [f"Theme {t}/Category {c}" for t in range(4) for c in range(5)]
    for path in codes:
        add_code(project, path)
    spans = random_spans(len(text), segments, len(codes), 2)
    for code_index, path in enumerate(codes):
        for coder in (0, 1):
            hits = [
                SearchHit(1, "PX 1", s.start, s.end, "", "")
                for s in spans
                if s.code == code_index and s.coder == coder
            ]
            if hits:
                autocode(project, hits, path, f"Coder {coder}")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=300_000)
    parser.add_argument("--segments", type=int, default=2_000)
    parser.add_argument("--frames", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from qcode.ui.transcript_view import TranscriptView

    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        project = build(Path(folder), args.chars, args.segments)
        view = TranscriptView()
        view.resize(1000, 800)
        view.show()
        began = time.perf_counter()
        with project.session() as session:
            shown = document_view(session, "PX 1")
        view.show_document(shown)
        app.processEvents()
        opened = time.perf_counter() - began
        bar = view.verticalScrollBar()
        frames = []
        for step in range(args.frames):
            bar.setValue(bar.maximum() * step // args.frames)
            began = time.perf_counter()
            view.viewport().repaint()
            view.stripes.repaint()
            frames.append(time.perf_counter() - began)
        project.close()
    print(f"segments shown after folding overlaps     {len(shown.marks):8,}")
    print(f"open the transcript (query + layout)      {opened:8.3f} s")
    print(f"paint one scrolled frame: median          {statistics.median(frames) * 1000:8.1f} ms")
    print(f"paint one scrolled frame: slowest         {max(frames) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
