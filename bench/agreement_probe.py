"""Agreement by the service against the per-character reference: python -m bench.agreement_probe.

Prints one JSON line. With ``--sample N`` the reference runs on N documents spread over
the project and its time is extrapolated by characters × codes in scope (said in the output).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench.reference import pair_counts, read_only


def project_facts(path: Path) -> tuple[list[str], list[tuple[int, str, int]]]:
    """Coder names (by id) and documents (id, name, characters) by id."""
    with read_only(path) as conn:
        coders = [name for (name,) in conn.execute("SELECT name FROM coders ORDER BY id")]
        docs = conn.execute("SELECT id, name, length(text) FROM documents ORDER BY id").fetchall()
    return coders, docs


def codes_used(path: Path, documents: list[int] | None) -> int:
    with read_only(path) as conn:
        if documents is None:
            return int(conn.execute("SELECT count(DISTINCT code_id) FROM segments").fetchone()[0])
        marks = ",".join("?" * len(documents))
        query = f"SELECT count(DISTINCT code_id) FROM segments WHERE document_id IN ({marks})"
        return int(conn.execute(query, documents).fetchone()[0])


def service_pairs(
    path: Path | str, coders: list[str], documents: list[str], repeat: int
) -> tuple[float, dict[tuple[str, str], tuple[int, int, int, int]]]:
    """Median seconds of ``agreement`` (query + figures) and its pooled overall pair counts,
    on a project file or a server URL."""
    from qcode.services.agreement import AgreementRequest, agreement
    from qcode.store.postgres import open_any

    request = AgreementRequest(coders=coders, documents=documents)
    times, report = [], None
    with open_any(path) as project:
        for _ in range(repeat):
            with project.session() as session:
                began = time.perf_counter()
                report = agreement(session, request)
                times.append(time.perf_counter() - began)
    assert report is not None
    pairs = {
        (p.coder_a, p.coder_b): (p.counts.both, p.counts.a_only, p.counts.b_only, p.counts.neither)
        for p in report.result.overall.pairs
    }
    return statistics.median(times), pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="reference on N documents (0: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--server", default="", help="time the service on this copy (a URL)")
    args = parser.parse_args()
    coders, docs = project_facts(args.project)
    service_s, _pairs = service_pairs(args.server or args.project, coders, [], args.repeat)
    step = max(1, len(docs) // args.sample) if 0 < args.sample < len(docs) else 1
    sample = docs[::step][: args.sample or None]
    began = time.perf_counter()
    reference = pair_counts(args.project, coders, [doc_id for doc_id, _n, _c in sample])
    reference_s = time.perf_counter() - began
    names = [name for _i, name, _c in sample]
    _s, checked = service_pairs(args.server or args.project, coders, names, 1)
    work_all = sum(c for *_d, c in docs) * codes_used(args.project, None)
    sample_ids = [doc_id for doc_id, _n, _c in sample]
    work_sample = sum(c for *_d, c in sample) * codes_used(args.project, sample_ids)
    full_s = reference_s * work_all / max(1, work_sample)
    print(
        json.dumps(
            {
                "service_s": service_s,
                "reference_s": reference_s,
                "reference_full_s": full_s,
                "reference_docs": len(sample),
                "documents": len(docs),
                "extrapolated": len(sample) < len(docs),
                "matches": reference == checked,
                "ratio": full_s / service_s,
            }
        )
    )


if __name__ == "__main__":
    main()
