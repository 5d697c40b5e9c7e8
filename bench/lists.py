"""Large lists sorted and filtered: the Coded segments dock's index and the audit log's windows.

Part of ``bench.bench_workbench`` (``--skip lists`` leaves it out); the probe runs in its
own process, ``python -m bench.lists PROJECT`` printing one JSON line. It works on a copy
of the cached workload, to which it adds an audit trail like a team's: one "code" event
per segment (its words, code path, coder and document as JSON), and among them memos,
renames, uncodings and undos with reasons; a rare word ("zanzibar") is planted in a
handful of them. The copy is then opened with ``open_project``, which upgrades a file
of an older schema as a researcher's file would be (0009 builds the audit trail's word
index and sort indexes then: the events are added as another program would, so the
upgrade indexes all of them).
Each case is what the dock computes before it shows a list: timed ``REPEAT`` times
after one warm-up, its median kept.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.measure import run_probe
from bench.table import Figures
from bench.workloads import BUILD_VERSION, Workload, project_path, say

RARE = "zanzibar"
COMMON = "trust"
EVERY_OTHER = 50  # one event in this many is not a coding
RARE_EVERY = 30_000  # one event in this many holds the rare word (at least one)
REASONS = ["", "", "", "clearer, shorter", "coded too soon", "agreed in the workshop", "typo"]
MEMOS = [
    "Trust builds when the mentor protects time: see P004's second interview.",
    "Café au lait chats — informal mentoring?\nAsk about the rota next wave.",
    'Burnout talk is "normal" here; compare with the partner\'s view.',
]
START = datetime(2025, 1, 6, 9, 0, 0)


def copy_project(source: Path, target: Path) -> None:
    """A consistent copy (WAL included) through SQLite's backup API; ``source`` only read."""
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def dumped(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _paths(conn: sqlite3.Connection) -> dict[int, list[str]]:
    rows = conn.execute("SELECT id, parent_id, name FROM codes").fetchall()
    parent = {i: p for i, p, _ in rows}
    name = {i: n for i, _, n in rows}

    def path(code: int | None) -> list[str]:
        return [*path(parent[code]), name[code]] if code is not None else []

    return {i: path(i) for i in name}


def _segments(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """Each segment with its words, document and coder, in id order."""
    texts = dict(conn.execute("SELECT id, text FROM documents").fetchall())
    names = dict(conn.execute("SELECT id, name FROM documents").fetchall())
    coders = dict(conn.execute("SELECT id, name FROM coders").fetchall())
    query = 'SELECT guid, document_id, code_id, coder_id, start, "end" FROM segments ORDER BY id'
    for guid, doc, code, coder, start, end in conn.execute(query):
        yield guid, names[doc], code, coders[coder], start, end, texts[doc][start:end]


def events(conn: sqlite3.Connection, seed: str) -> Iterator[tuple[Any, ...]]:
    """(at, actor, action, target_type, target_id, before, after, reason) rows, oldest first."""
    rng = random.Random(seed)
    paths = _paths(conn)
    number = 0
    for guid, document, code, coder, start, end, words in _segments(conn):
        state = {"code": paths[code], "coder": coder, "document": document}
        state |= {"start": start, "end": end, "text": words}
        number += 1
        yield _at(number, rng), coder, "code", "segment", guid, "", dumped(state), ""
        if number % EVERY_OTHER == 0:
            number += 1
            yield (_at(number, rng), coder, *_other(number, rng, state, guid, paths[code]))
    # not "before" the first: the rare word is where it is rare
    number += 1
    yield _at(number, rng), "Ana", "edit memo", "memo", "m-last", "", dumped({"text": RARE}), ""


def _at(number: int, rng: random.Random) -> str:
    moment = START + timedelta(seconds=number * 90 + rng.randrange(60))
    return moment.isoformat(sep=" ", timespec="microseconds")


def _other(
    number: int, rng: random.Random, state: dict[str, Any], guid: str, path: list[str]
) -> tuple[str, str, str, str, str, str]:
    """A memo, a rename, an uncoding or an undo, now and then with the rare word."""
    reason = rng.choice(REASONS)
    if number % RARE_EVERY < EVERY_OTHER:
        reason = f"see the {RARE.capitalize()} note"
    kind = number // EVERY_OTHER % 4
    if kind == 0:
        memo = {"title": f"Memo {number}", "text": rng.choice(MEMOS)}
        return "add memo", "memo", f"m-{number}", "", dumped(memo), reason
    if kind == 1:
        before = {"name": path[-1], "path": path}
        after = {"name": path[-1] + " (revised)", "path": [*path[:-1], path[-1] + " (revised)"]}
        return "edit code", "code", f"c-{number}", dumped(before), dumped(after), reason
    if kind == 2:
        return "uncode", "segment", guid, dumped(state), "", reason
    return "undo", "operation", f"Code {path[-1]}", "", "", reason or "coded too soon"


def add_events(path: Path, seed: str) -> int:
    """Append the audit trail to ``path`` in one transaction; returns how many events."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        before = conn.execute("SELECT count(*) FROM audit_events").fetchone()[0]
        conn.executemany(
            "INSERT INTO audit_events (at, actor, action, target_type, target_id, before,"
            " after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            events(conn, seed),
        )
        after = conn.execute("SELECT count(*) FROM audit_events").fetchone()[0]
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(after - before)
    finally:
        conn.close()


# -- the cases ---------------------------------------------------------------------------------

REPEAT = 5
SEGMENT_WORDS = {"common word": "trust", "rare word": "px:"}  # "PX:" only in the long transcript
AUDIT_WORDS = {"rare word": RARE, "common word": COMMON}
OTHER_FILTERS = {"2 letters": "ti", "a month": "2025-03", "a day": "2025-03-14"}
Case = Callable[[], object]


def timed(case: Case) -> float:
    """Median milliseconds of ``REPEAT`` runs after one warm-up."""
    case()
    times = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        case()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def segment_cases(session: Any) -> dict[str, Case]:
    """Every sort both ways, a common and a rare word, the current code's scope."""
    from qcode.services.listing.index import SegmentIndex
    from qcode.services.listing.pages import SORT_COLUMNS, SegmentListing
    from qcode.services.lookup import descendant_ids
    from qcode.store.models import Code

    index = SegmentIndex()

    def listed(listing: SegmentListing) -> Case:
        return lambda: index.select_with_total(session, listing)

    cases = {
        f"{column} {'↓' if descending else '↑'}": listed(
            SegmentListing(sort=n, descending=descending)
        )
        for n, column in enumerate(SORT_COLUMNS)
        for descending in (False, True)
    }
    for name, words in SEGMENT_WORDS.items():
        cases[f"{name} ({words})"] = listed(SegmentListing(words=words))
    top = session.query(Code.id).filter(Code.parent_id.is_(None)).order_by(Code.id).first()
    if top is not None:
        cases["current code's scope"] = listed(
            SegmentListing(code_ids=tuple(descendant_ids(session, top[0])))
        )
    return cases


def audit_cases(session: Any) -> dict[str, dict[str, Case]]:
    """What the dock reads before it shows a list (the first window and the total): every
    sort both ways; words; words under sorts. Then, apart, the count of the events that
    match a filter, which the dock reads after the list is shown (its summary line says
    "Counting…" meanwhile) and only when the first window is not the whole list."""
    from qcode.services.auditlog import AUDIT_SORTS, AuditListing, audit_window, count_events

    def first(listing: AuditListing) -> Case:
        return lambda: (audit_window(session, listing), count_events(session))

    def matching(words: str) -> Case:
        return lambda: count_events(session, words)

    sorts = {
        f"{column} {'↓' if descending else '↑'}": first(AuditListing(sort=n, descending=descending))
        for n, column in enumerate(AUDIT_SORTS)
        for descending in (True, False)
    }
    words = {f"{name} ({w})": first(AuditListing(words=w)) for name, w in AUDIT_WORDS.items()}
    under = {
        f"{COMMON} by {column}": first(AuditListing(words=COMMON, sort=n, descending=False))
        for n, column in enumerate(AUDIT_SORTS)
        if column != "when"
    }
    other = {f"{name} ({w})": first(AuditListing(words=w)) for name, w in OTHER_FILTERS.items()}
    every = {**AUDIT_WORDS, **OTHER_FILTERS}
    counts = {f"{name} ({w})": matching(w) for name, w in every.items()}
    return {
        "audit": {**sorts, **words},
        "audit_sorted": under,
        "audit_other": other,
        "audit_count": counts,
    }


def measure(path: Path) -> dict[str, Any]:
    """Every case's median on an opened (upgraded) project."""
    from qcode.store.project import open_project

    results: dict[str, Any] = {"load": os.getloadavg()[0] if hasattr(os, "getloadavg") else 0}
    with open_project(path) as project, project.session() as session:
        cases = segment_cases(session)
        began = time.perf_counter()
        next(iter(cases.values()))()  # the index reads the table once: not a case
        results["segment_load_ms"] = (time.perf_counter() - began) * 1000
        results["segments"] = {name: timed(case) for name, case in cases.items()}
        for group, found in audit_cases(session).items():
            results[group] = {name: timed(case) for name, case in found.items()}
    return results


def prepare(source: Path, folder: Path, seed: str) -> tuple[Path, dict[str, Any]]:
    """A copy of ``source`` with an audit trail added, opened once (upgraded if older), its
    word index caught up."""
    from qcode.store import audit_words
    from qcode.store.project import open_project

    path = folder / source.name
    copy_project(source, path)
    began = time.perf_counter()
    events = add_events(path, seed)
    added = time.perf_counter() - began
    began = time.perf_counter()
    with open_project(path) as project:
        upgraded = project.upgraded_from
        if project.backup is not None:
            project.backup.unlink()
        opened = time.perf_counter() - began
        began = time.perf_counter()
        with project.transaction() as session:  # a file already at 0009: index what was added
            audit_words.catch_up(session.connection())
    facts = {"events": events, "add_s": added, "open_s": opened}
    facts["index_s"] = time.perf_counter() - began
    return path, {**facts, "upgraded_from": upgraded}


# -- in the benchmark's process ----------------------------------------------------------------

GROUPS = {  # the probe's group of cases → the table's measures (median case, slowest case)
    "segments": ("list_segments_median", "list_segments_max"),
    "audit": ("list_audit_median", "list_audit_max"),
    "audit_sorted": (None, "list_audit_sorted_max"),
    "audit_other": (None, "list_audit_other_max"),
    "audit_count": (None, "list_audit_count_max"),
}
KEYS = [key for pair in GROUPS.values() for key in pair if key]


def reuse_older_build(workload: Workload, cache: Path) -> None:
    """Make the cached project at today's schema from one cached at an older schema.

    The older file is only read: a copy of it is upgraded by ``open_project`` (as a
    researcher's file would be) and takes the current name, so nothing is built again.
    """
    from qcode.store import migrate
    from qcode.store.project import open_project

    target = project_path(workload, cache)
    older = [
        cache / f"{workload.name}-b{BUILD_VERSION}-{revision}.qcode"
        for revision in sorted(migrate.known_revisions(), reverse=True)
    ]
    source = next((path for path in older if path.exists()), None)
    if target.exists() or source is None:
        return
    building = target.with_name(f"{target.stem}.upgrading-{os.getpid()}.qcode")
    began = time.perf_counter()
    try:
        copy_project(source, building)
        with open_project(building) as project:
            backup = project.backup
        if backup is not None:
            backup.unlink()
        os.replace(building, target)
    finally:
        for leftover in (building, *(Path(f"{building}{s}") for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    say(f"[{workload.name}] upgraded a copy of {source.name} to {target.name}"
        f" in {time.perf_counter() - began:.1f} s")  # fmt: skip


def lists_part(path: Path, timeout: float, figures: Figures) -> None:
    """The probe in its own process; each group's median and slowest case, and what they were."""
    data, run = run_probe("bench.lists", [str(path)], timeout)
    if not run.ok:
        figures.fail(KEYS, run.problem())
        return
    said = []
    for group, (median_key, max_key) in GROUPS.items():
        cases: dict[str, float] = data[group]  # type: ignore[assignment]
        slowest = max(cases, key=cases.__getitem__)
        if median_key:
            figures.values[median_key] = statistics.median(cases.values())
        if max_key:
            figures.values[max_key] = cases[slowest]
        each = ", ".join(f"{name} {ms:.1f}" for name, ms in cases.items())
        said.append(f"{group} (ms): {each}; slowest {slowest}")
    how = f"upgraded from {data['upgraded_from']}" if data["upgraded_from"] else "opened"
    figures.notes.append(
        f"lists: {data['events']:,} audit events added in {float(data['add_s']):.1f} s, the copy"  # type: ignore[arg-type]
        f" {how} in {float(data['open_s']):.1f} s, its audit word index caught up in"
        f" {float(data.get('index_s', 0)):.1f} s; segment index first read"  # type: ignore[arg-type]
        f" {float(data['segment_load_ms']):.0f} ms (not a case); load average"  # type: ignore[arg-type]
        f" {float(data['load']):.1f} as the cases began; " + "; ".join(said)  # type: ignore[arg-type]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="time list sorts and filters on a copy")
    parser.add_argument("project", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path, facts = prepare(args.project, Path(folder), args.project.stem)
        print(f"prepared {facts}", file=sys.stderr, flush=True)
        results = measure(path)
    print(json.dumps({**facts, **results}))


if __name__ == "__main__":
    main()
