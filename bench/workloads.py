"""The benchmark's projects: workload specs, fast bulk builds, a cache keyed by spec and schema."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import sqlite3
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.bulk import insert_rows
from bench.corpus import CodeSpec, TeamRow, interview, realist_codebook, team_spans, transcript

BUILD_VERSION = 1  # bump when what a workload holds changes: cached projects are rebuilt
CODER_NAMES = ["Ana", "Ben", "Cat", "Dev", "Eli", "Fay", "Gus", "Hal"]
CODER_COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"]
LONG_NAME = "PX 1"


@dataclass(frozen=True)
class Workload:
    """What a benchmark project holds.

    ``transcripts`` interviews of about ``words`` words, coded by ``coders`` in about
    ``segments`` segments; optionally one more transcript of ``long_chars`` characters
    with ``long_segments`` segments (the longest one, "PX 1").
    """

    name: str
    transcripts: int
    words: int
    coders: int
    segments: int
    long_chars: int = 0
    long_segments: int = 0


WORKLOADS = {
    "tiny": Workload("tiny", 2, 300, 2, 24),
    "small": Workload("small", 5, 8_000, 2, 600),
    "study": Workload("study", 43, 8_000, 4, 12_000),
    "large": Workload("large", 500, 10_000, 6, 300_000, 300_000, 2_000),
}


def say(text: str) -> None:
    """Progress on stderr (stdout is for the results)."""
    print(text, file=sys.stderr, flush=True)


def schema_head() -> str:
    from qcode.store import migrate

    return migrate.head_revision()


def project_path(workload: Workload, cache: Path) -> Path:
    """Where the workload's project is cached: named by workload, build version and schema."""
    return cache / f"{workload.name}-b{BUILD_VERSION}-{schema_head()}.qcode"


def ensure_built(workload: Workload, cache: Path) -> Path:
    """The cached project of ``workload``, built first if it is not there yet."""
    cache.mkdir(parents=True, exist_ok=True)
    path = project_path(workload, cache)
    if path.exists():
        say(f"[{workload.name}] using cached {path}")
        return path
    building = path.with_name(f"{path.stem}.building-{os.getpid()}.qcode")
    began = time.perf_counter()
    try:
        build_in_child(workload, building)
        os.replace(building, path)
    finally:
        for leftover in (building, *(Path(f"{building}{s}") for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    say(f"[{workload.name}] built {path} in {time.perf_counter() - began:.1f} s")
    return path


def build_in_child(workload: Workload, path: Path) -> None:
    """:func:`build` in a fresh interpreter: the parent stays small, and a child process
    starts from the parent's peak (Linux counts it in the child's wait4 peak RSS), so a
    build in the parent would inflate every command's figure measured after it."""
    child = multiprocessing.get_context("spawn").Process(target=build, args=(workload, path))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"building {workload.name} failed (exit {child.exitcode})")


def build(workload: Workload, path: Path) -> None:
    """Create ``path`` with qcode's schema, then write every row in one transaction."""
    from qcode.store.project import create_project

    create_project(path, title=f"Benchmark: {workload.name}").close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("BEGIN")
        fill(conn, workload)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def fill(conn: sqlite3.Connection, workload: Workload) -> None:
    rng = random.Random(f"{workload.name}-{BUILD_VERSION}")
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    ids = Ids(rng, now)
    insert_rows(conn, "coders", ids.coders(workload.coders), now)
    specs = realist_codebook()
    insert_rows(conn, "codes", ids.codes(specs), now)
    texts = make_texts(workload)
    participants = sorted({name.split()[0] for name in texts})
    insert_rows(conn, "participants", ids.participants(participants), now)
    insert_rows(conn, "documents", ids.documents(texts, participants), now)
    chars = sum(map(len, texts.values()))
    say(f"[{workload.name}] {len(texts)} documents written ({chars:,} characters)")
    codable = [number + 1 for number, spec in enumerate(specs) if len(spec.path) > 1]
    rows = coding(workload, [len(text) for text in texts.values()], len(codable))
    segments = (
        {
            "guid": ids.guid(),
            "document_id": doc + 1,
            "code_id": codable[code],
            "coder_id": coder + 1,
            "start": start,
            "end": end,
            "created_at": now,
        }
        for code, doc, coder, start, end in rows
    )
    count = insert_rows(conn, "segments", segments, now)
    say(f"[{workload.name}] {count:,} segments written")


def make_texts(workload: Workload) -> dict[str, str]:
    """Document name → text: participants P001… with waves 1 and 2, then the long one."""
    texts: dict[str, str] = {}
    for number in range(workload.transcripts):
        speaker = f"P{number // 2 + 1:03d}"
        texts[f"{speaker} {number % 2 + 1}"] = interview(workload.words, number + 1, speaker)
        if (number + 1) % 100 == 0:
            say(f"[{workload.name}] {number + 1}/{workload.transcripts} transcripts made")
    if workload.long_chars:
        texts[LONG_NAME] = transcript(workload.long_chars)
    return texts


def coding(workload: Workload, sizes: list[int], codes: int) -> list[TeamRow]:
    """The team's spans over the interviews, then over the long transcript if there is one."""
    main = sizes[: workload.transcripts]
    rows = team_spans(main, workload.coders, workload.segments, codes)
    if workload.long_chars:
        long_rows = team_spans(sizes[-1:], workload.coders, workload.long_segments, codes, 7)
        rows += [(code, len(main), coder, s, e) for code, _doc, coder, s, e in long_rows]
    return rows


class Ids:
    """Row values with reproducible guids (explicit ids: 1, 2, … in insertion order)."""

    def __init__(self, rng: random.Random, now: str) -> None:
        self.rng = rng
        self.now = now

    def guid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def coders(self, count: int) -> list[dict[str, object]]:
        return [
            {
                "id": number + 1,
                "guid": self.guid(),
                "name": CODER_NAMES[number],
                "initials": CODER_NAMES[number][:2].upper(),
                "color": CODER_COLORS[number % len(CODER_COLORS)],
            }
            for number in range(count)
        ]

    def codes(self, specs: list[CodeSpec]) -> list[dict[str, object]]:
        numbers = {spec.path: number + 1 for number, spec in enumerate(specs)}
        positions: dict[tuple[str, ...], int] = {}
        rows = []
        for spec in specs:
            parent = spec.path[:-1]
            positions[parent] = positions.get(parent, -1) + 1
            rows.append(
                {
                    "id": numbers[spec.path],
                    "guid": self.guid(),
                    "parent_id": numbers.get(parent),
                    "name": spec.path[-1],
                    "color": spec.color,
                    "description": f"Talk about {spec.path[-1].lower()}.",
                    "when_to_use": "When the participant links it to the mentoring.",
                    "when_not_to_use": "",
                    "example": "",
                    "is_context": "C" in spec.flags,
                    "is_mechanism": "M" in spec.flags,
                    "position": positions[parent],
                    "created_at": self.now,
                }
            )
        return rows

    def participants(self, labels: list[str]) -> list[dict[str, object]]:
        return [
            {"id": number + 1, "guid": self.guid(), "label": label}
            for number, label in enumerate(labels)
        ]

    def documents(self, texts: dict[str, str], participants: list[str]) -> list[dict[str, object]]:
        ids = {label: number + 1 for number, label in enumerate(participants)}
        return [
            {
                "id": number + 1,
                "guid": self.guid(),
                "name": name,
                "kind": "interview",
                "participant_id": ids[name.split()[0]],
                "wave": int(name.split()[1]),
                "text": text,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "original_filename": f"{name}.txt",
                "format": "txt",
                "imported_at": self.now,
            }
            for number, (name, text) in enumerate(texts.items())
        ]
