"""A team server against a file, in one run: python -m bench.bench_server.

Builds (or reuses) the study workload's project file and publishes it to a PostgreSQL
database (a scratch cluster from Debian's binaries, or $QCODE_TEST_POSTGRES). Then, each
in a fresh process, the same probes on both: coding through the window's own action
(Code ▸ Code with current code), opening the window, and the agreement service. The
server here is on the same machine (no network between); progress goes to stderr, the
table to stdout.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from bench.lists import reuse_older_build
from bench.measure import median_ms, p95_ms, run_probe
from bench.workloads import WORKLOADS, ensure_built, say

ROWS = [
    ("apply_median", "Code with current code, median", "ms"),
    ("apply_p95", "Code with current code, p95", "ms"),
    ("open_window", "window open until the text paints", "s"),
    ("agreement", "agreement, all coders and documents", "s"),
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workload", default="study", choices=sorted(WORKLOADS))
    parser.add_argument("--actions", type=int, default=20, help="coding actions timed")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/qcode-bench"))
    parser.add_argument("--timeout", type=float, default=900, help="seconds per child process")
    parser.add_argument("--markdown", type=Path, metavar="FILE")
    return parser.parse_args(argv)


def measure(path: Path, server: str, args: argparse.Namespace) -> dict[str, float]:
    """The probes on the file (``server`` empty) or on its copy on the server."""
    on = ["--server", server] if server else []
    figures: dict[str, float] = dict.fromkeys([key for key, _label, _unit in ROWS], math.nan)
    gui_options = [str(path), "--actions", str(args.actions), "--frames", "2", *on]
    data, run = run_probe("bench.gui_probe", gui_options, args.timeout)
    if run.ok:
        times = data["apply_current"]
        figures["apply_median"] = median_ms(times)  # type: ignore[arg-type]
        figures["apply_p95"] = p95_ms(times)  # type: ignore[arg-type]
        figures["open_window"] = float(data["open_window"])  # type: ignore[arg-type]
    else:
        say(f"the window probe failed: {run.problem()}")
    data, run = run_probe("bench.agreement_probe", [str(path), "--sample", "1", *on], args.timeout)
    if run.ok:
        figures["agreement"] = float(data["service_s"])  # type: ignore[arg-type]
    else:
        say(f"the agreement probe failed: {run.problem()}")
    return figures


def published(path: Path, admin_url: str) -> str:
    """A fresh database on the server holding a copy of the project file."""
    import psycopg

    from qcode.store.transfer import publish

    name = f"bench_{path.stem.replace('-', '_')}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{admin_url.rsplit('/', 1)[0]}/{name}"
    copied = publish(path, url)
    say(copied.summary(url))
    return url


def table(file: dict[str, float], server: dict[str, float], markdown: bool) -> str:
    head = ["measure", "file (SQLite)", "server (PostgreSQL)", "server ÷ file"]
    lines = [head]
    for key, label, unit in ROWS:
        ratio = server[key] / file[key] if file[key] else math.nan
        shown = [f"{file[key]:.2f} {unit}", f"{server[key]:.2f} {unit}", f"{ratio:.2f}×"]
        lines.append([label, *shown])
    if markdown:
        rows = ["| " + " | ".join(cells) + " |" for cells in lines]
        rows.insert(1, "|" + "---|" * len(head))
        return "\n".join(rows)
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    padded = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in lines]
    return "\n".join(padded)


def main(argv: list[str] | None = None) -> None:
    from tests.postgres_server import scratch_server

    args = parse_args(argv)
    workload = WORKLOADS[args.workload]
    reuse_older_build(workload, args.cache)  # a file cached at an older schema, upgraded
    path = ensure_built(workload, args.cache)
    with scratch_server() as admin_url:
        url = published(path, admin_url)
        say("measuring the file…")
        on_file = measure(path, "", args)
        say("measuring the server…")
        on_server = measure(path, url, args)
    print(table(on_file, on_server, markdown=False))
    if args.markdown is not None:
        args.markdown.write_text(table(on_file, on_server, markdown=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
