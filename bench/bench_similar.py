"""Find passages like this, measured: recall@20 of held-out segments, index and query times.

    python -m bench.bench_similar [--workload small|study|large] [--no-fuzzy]

For each code with at least 4 segments, 30 % of its segments (at random, seeded) are held
out; the other 70 % are the query (as `qcode similar --code` would use them) and are left
out of the ranking. A held-out segment counts as found if one of the top 20 passages
overlaps it. Semantic, BM25 and hybrid rank the same passages; "fuzzy" runs the existing
fuzzy search (threshold 80) for the first 8 words of each of the first three query
segments and takes the first 20 hits in document order (it has no scores to rank by).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import select

from bench.workloads import WORKLOADS, ensure_built
from qcode.services.search import search_project
from qcode.services.similar.index import index_passages
from qcode.services.similar.matrix import passage_matrix
from qcode.services.similar.query import Query, rank
from qcode.store.models import Document, Segment
from qcode.store.project import Project, open_project

TOP = 20
FUZZY = True
FUZZY_QUERIES = 3  # fuzzy searches per code: each one scans every text
HELD_OUT = 0.3


def code_segments(project: Project) -> dict[int, list[tuple[int, int, int, str]]]:
    """Code id → its segments (document id, start, end, words), each text read once."""
    found: dict[int, list[tuple[int, int, int, str]]] = {}
    with project.session() as session:
        spans = session.execute(
            select(Segment.document_id, Segment.code_id, Segment.start, Segment.end).order_by(
                Segment.document_id, Segment.id
            )
        ).all()
        text, text_of = "", -1
        for doc_id, code_id, start, end in spans:
            if doc_id != text_of:
                text = session.scalar(select(Document.text).where(Document.id == doc_id)) or ""
                text_of = doc_id
            found.setdefault(code_id, []).append((doc_id, start, end, text[start:end]))
    return found


def overlaps(spans: list[tuple[int, int, int]], target: tuple[int, int, int]) -> bool:
    return any(d == target[0] and s < target[2] and e > target[1] for d, s, e in spans)


def recall(
    project: Project, by_code: dict[int, list[tuple[int, int, int, str]]], max_codes: int
) -> tuple[dict[str, float], int, float]:
    """Recall@20 per method over the held-out segments, their number, mean query ms."""
    rng = random.Random(19)
    hits = dict.fromkeys(("semantic", "BM25", "hybrid", "fuzzy"), 0)
    held_total, query_s, queries = 0, 0.0, 0
    with project.session() as session:
        matrix = passage_matrix(session)
        codes = [c for c, segs in by_code.items() if len(segs) >= 4][:max_codes]
        for code_id in codes:
            segments = list(by_code[code_id])
            rng.shuffle(segments)
            cut = max(1, round(len(segments) * HELD_OUT))
            held, train = segments[:cut], segments[cut:]
            left_out = np.zeros(len(matrix), bool)
            for doc_id, start, end, _w in train:
                rows = matrix.rows_overlapping(doc_id, start, end)
                left_out[rows.start : rows.stop] = True
            query = Query(tuple(w for *_s, w in train), code_id)
            for name, method in (("semantic", "semantic"), ("BM25", "lexical"),
                                 ("hybrid", "hybrid")):  # fmt: skip
                began = time.perf_counter()
                order = rank(matrix, query, left_out, method, TOP)[0]
                query_s, queries = query_s + time.perf_counter() - began, queries + 1
                top = [(int(matrix.document[r]), int(matrix.start[r]), int(matrix.end[r]))
                       for r in order]  # fmt: skip
                hits[name] += sum(overlaps(top, (d, s, e)) for d, s, e, _w in held)
            hits["fuzzy"] += FUZZY and sum(overlaps(fuzzy_top(session, train), (d, s, e))
                                 for d, s, e, _w in held)  # fmt: skip
            held_total += len(held)
    return {k: v / held_total for k, v in hits.items()}, held_total, 1000 * query_s / queries


def fuzzy_top(session, train) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    found: list[tuple[int, int, int]] = []
    trained = [(d, s, e) for d, s, e, _w in train]
    for *_span, words in train[:FUZZY_QUERIES]:
        query = " ".join(words.split()[:8])
        if not query:
            continue
        for hit in search_project(session, query, "fuzzy", "sentence"):
            span = (hit.document_id, hit.start, hit.end)
            if not overlaps(trained, span):
                found.append(span)
        if len(found) >= TOP:
            break
    return found[:TOP]


def measure(label: str, source: Path, max_codes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.qcode"
        shutil.copy(source, path)
        with open_project(path) as project:
            with project.session() as session:
                docs = len(session.scalars(select(Document.id)).all())
            began = time.perf_counter()
            made = index_passages(project)
            indexed = time.perf_counter() - began
            by_code = code_segments(project)
            began = time.perf_counter()
            with project.session() as session:
                passage_matrix(session)  # what a process's first query loads
            loaded = time.perf_counter() - began
            scores, held, _ms = recall(project, by_code, max_codes)
            selection_ms, code_ms = warm_query_ms(project, by_code)
            biggest = max(map(len, by_code.values()))
    methods = ("semantic", "BM25", "hybrid", "fuzzy")
    cells = [f"{scores[m]:.2f}" if FUZZY or m != "fuzzy" else "–" for m in methods]
    timings = f"{loaded:.1f} s | {selection_ms:.0f} ms | {code_ms:.0f} ms ({biggest:,})"
    print(f"| {label} | {docs} | {made:,} | {indexed:.1f} s | {held} | {' | '.join(cells)} "
          f"| {timings} |")  # fmt: skip


def warm_query_ms(
    project: Project, by_code: dict[int, list[tuple[int, int, int, str]]]
) -> tuple[float, float]:
    """Median milliseconds of `similar()` with the passages already loaded in this process
    (as the window asks a second time): like a selection (the first segment's words of the
    code with most segments), and like that whole code (as `similar --code` asks)."""
    from qcode.services.similar.query import similar

    code_id = max(by_code, key=lambda c: len(by_code[c]))
    words = by_code[code_id][0][3]
    asks = (lambda s: similar(s, text=words), lambda s: similar(s, code=code_id))
    medians = []
    with project.session() as session:
        for ask in asks:
            times = []
            for _ in range(7):
                began = time.perf_counter()
                ask(session)
                times.append(time.perf_counter() - began)
            medians.append(1000 * statistics.median(times[1:]))
    return medians[0], medians[1]


def demo_path(cache: Path) -> Path:
    from qcode.services.demo.build import build_demo

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "demo.qcode"
    if not path.exists():
        build_demo(path).close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", action="append", choices=sorted(WORKLOADS))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/qcode-bench"))
    parser.add_argument("--max-codes", type=int, default=40)
    parser.add_argument("--project", type=Path, action="append", help="also this project file")
    parser.add_argument("--no-fuzzy", action="store_true", help="skip fuzzy search (slow)")
    args = parser.parse_args()
    print("| project | documents | passages | index time | held out | semantic | BM25 | hybrid "
          "| fuzzy | first query loads | like a selection | like a code (segments) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    global FUZZY
    FUZZY = not args.no_fuzzy
    measure("demo", demo_path(args.cache), args.max_codes)
    for name in args.workload or ["small"]:
        measure(f"generated: {name}", ensure_built(WORKLOADS[name], args.cache), args.max_codes)
    for path in args.project or []:
        measure(path.stem, path, args.max_codes)


if __name__ == "__main__":
    main()
