"""Agreement statistics on a large team corpus (python -m bench.bench_agreement).

The pure computation runs on plain values in memory: 500 transcripts, 6 coders and
300,000 coded segments by default ("large"). With ``--service N`` it also builds a project
file with the first N transcripts' coding and times the service path (query + compute).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.corpus import transcript
from qcode.analysis.agreement.report import AgreementOptions, compute_agreement

T = TypeVar("T")
Row = tuple[int, int, int, int, int]


def timed(label: str, action: Callable[[], T]) -> T:
    """Run once; print wall-clock and CPU seconds (CPU time is what a busy machine hides)."""
    began, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, used = time.perf_counter() - began, time.process_time() - cpu
    print(f"{label:<52} {wall:8.3f} s  (CPU {used:.3f} s)")
    return result


def team_coding(
    docs: int, coders: int, segments: int, codes: int, seed: int = 5
) -> tuple[list[int], list[Row]]:
    """Document sizes and coded spans: coders code shared passages with jitter and slips.

    Each passage (40–600 characters) is coded by every coder, each moving its ends by up to
    40 characters; one time in ten a coder picks another code, one in twenty skips it.
    """
    rng = random.Random(seed)
    sizes = [rng.randint(20_000, 80_000) for _ in range(docs)]
    rows: list[Row] = []
    passages_per_doc = max(1, round(segments / (docs * coders * 0.95)))
    for doc, size in enumerate(sizes):
        for _ in range(passages_per_doc):
            code = rng.randrange(codes)
            length = rng.randint(40, 600)
            start = rng.randrange(0, size - length)
            for coder in range(coders):
                if rng.random() < 0.05:
                    continue
                chosen = rng.randrange(codes) if rng.random() < 0.1 else code
                lo = max(0, start + rng.randint(-40, 40))
                hi = max(lo + 1, min(size, start + length + rng.randint(-40, 40)))
                rows.append((chosen, doc, coder, lo, hi))
    return sizes, rows


def bench_pure(args: argparse.Namespace) -> None:
    sizes, rows = team_coding(args.docs, args.coders, args.segments, args.codes)
    print(
        f"{len(sizes):,} transcripts ({sum(sizes):,} characters), {args.coders} coders, "
        f"{args.codes} codes, {len(rows):,} segments"
    )
    coders = [f"Coder {i}" for i in range(args.coders)]
    codes = [f"Code {i}" for i in range(args.codes)]
    documents = [(f"P{i}", size) for i, size in enumerate(sizes)]
    options = AgreementOptions(coded_only=args.coded_only)
    best = best_cpu = float("inf")
    for _ in range(args.repeat):
        began, cpu = time.perf_counter(), time.process_time()
        result = compute_agreement(coders, codes, documents, rows, options)
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    pairs = len(result.overall.pairs)
    label = f"all {pairs} pairs + alpha, per code and overall (best of {args.repeat})"
    print(f"{label:<52} {best:8.3f} s  (CPU {best_cpu:.3f} s)")
    cells = timed("per code × document × pair rows, as objects", result.cells)
    print(f"{'rows':<52} {len(cells):8,}")
    print(f"{'overall alpha':<52} {result.overall.alpha:8.4f}")


def build_project(path: Path, sizes: list[int], rows: list[Row], args: argparse.Namespace):
    """A project file holding the documents, codes and coders' segments (inserted in bulk)."""
    from sqlalchemy import insert

    from qcode.ingest import IngestedDocument
    from qcode.services.codebook.edit import add_code
    from qcode.services.coders import ensure_coder
    from qcode.services.documents.importing import store_ingested
    from qcode.services.lookup import find_code, get_document
    from qcode.store.models import Segment
    from qcode.store.project import create_project

    project = create_project(path)
    documents = [
        IngestedDocument(name=f"P{i}", text=transcript(size, seed=i), format="txt")
        for i, size in enumerate(sizes)
    ]
    store_ingested(project, path.with_suffix(".txt"), documents)
    paths = [f"Theme {code % 5}/Code {code}" for code in range(args.codes)]
    for code_path in paths:
        add_code(project, code_path)
    with project.transaction() as session:
        codes = [find_code(session, p).id for p in paths]  # type: ignore[union-attr]
        stored = [get_document(session, f"P{i}") for i in range(len(sizes))]
        docs, lengths = [d.id for d in stored], [d.chars for d in stored]
        coders = [ensure_coder(session, f"Coder {i}").id for i in range(args.coders)]
        values = [  # import may trim a text's end: spans stay inside what was stored
            {
                "code_id": codes[c],
                "document_id": docs[d],
                "coder_id": coders[r],
                "start": s,
                "end": min(e, lengths[d]),
            }
            for c, d, r, s, e in rows
            if s < lengths[d]
        ]
        session.execute(insert(Segment), values)
    return project


def bench_service(args: argparse.Namespace) -> None:
    from qcode.services.agreement import AgreementRequest, agreement

    docs = args.service
    share = args.segments * docs // args.docs
    sizes, rows = team_coding(docs, args.coders, share, args.codes)
    with tempfile.TemporaryDirectory() as folder:
        project = build_project(Path(folder) / "bench.qcode", sizes, rows, args)
        print(f"service: a project file of {docs} transcripts and {len(rows):,} segments")
        request = AgreementRequest(coders=[f"Coder {i}" for i in range(args.coders)])
        with project.session() as session:
            report = timed(
                "service: query + all pairs + alpha", lambda: agreement(session, request)
            )
        print(f"{'overall alpha':<52} {report.result.overall.alpha:8.4f}")
        project.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--coders", type=int, default=6)
    parser.add_argument("--segments", type=int, default=300_000)
    parser.add_argument("--codes", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--coded-only", action="store_true")
    parser.add_argument(
        "--service",
        type=int,
        default=0,
        metavar="N",
        help="also time the service path on a project of N transcripts",
    )
    args = parser.parse_args()
    bench_pure(args)
    if args.service:
        bench_service(args)


if __name__ == "__main__":
    main()
