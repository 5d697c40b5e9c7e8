"""Store and services on large material: import, code, retrieve (python -m bench.bench_store)."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.corpus import random_spans, transcript
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.imports import import_files
from qcode.services.retrieval import SegmentFilter, retrieve_segments
from qcode.store.project import create_project

T = TypeVar("T")


def timed(label: str, action: Callable[[], T]) -> T:
    began = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - began:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=300_000)
    parser.add_argument("--segments", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "PX 1.txt"
        source.write_text(transcript(args.chars), encoding="utf-8")
        project = create_project(Path(folder) / "bench.qcode")
        timed(
            f"import a {args.chars:,}-character transcript",
            lambda: import_files(project, [source], ImportOptions()),
        )
        codes = [f"Theme {t}/Category {c}" for t in range(4) for c in range(5)]
        for path in codes:
            add_code(project, path)
        spans = random_spans(args.chars, args.segments, len(codes), 2)

        def code_all() -> None:
            for span in spans:
                code_span(
                    project, "PX 1", codes[span.code], f"Coder {span.coder}", span.start, span.end
                )

        timed(f"code {args.segments:,} spans, one operation each", code_all)
        with project.session() as session:
            rows = timed(
                "retrieve every segment with citations",
                lambda: retrieve_segments(session, SegmentFilter()),
            )
        print(f"{'segments stored after folding overlaps':<44} {len(rows):8,}")
        project.close()


if __name__ == "__main__":
    main()
