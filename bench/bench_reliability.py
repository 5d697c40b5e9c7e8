"""Kill -9 trials, the long variant: python -m bench.bench_reliability [--trials 50]."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.kill_scenarios import PREPARERS, prepare
from bench.killing import OPEN, WRITE, WRITE_EVERY, Reference, Tally, measure, run_trials

COLUMNS = (
    "command",
    "trials",
    "killed mid-way",
    "inside a write",
    "between writes",
    "after the write",
    "whole before",
    "whole between",
    "whole after",
    "failures",
)


def row(tally: Tally) -> tuple[object, ...]:
    return (
        tally.name,
        len(tally.trials),
        tally.killed,
        tally.landed("inside"),
        tally.landed("between"),
        tally.landed("after"),
        tally.left(0),
        tally.in_between,
        tally.left(-1),
        len(tally.failures),
    )


def table(tallies: list[Tally]) -> str:
    """The per-command table, one Markdown row each."""
    rows = [COLUMNS, *(tuple(map(str, row(t))) for t in tallies)]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(COLUMNS))]

    def line(cells: tuple[object, ...]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(rows[0]), rule, *(line(r) for r in rows[1:])])


def run(names: list[str], trials: int, seed: int, scale: int, folder: Path) -> list[Tally]:
    """Prepare, measure and kill each named command ``trials`` times."""
    tallies = []
    for name in names:
        began = time.monotonic()
        scenario = prepare(name, folder / name / "material", scale)
        reference = measure(scenario, folder / name / "reference")
        print(describe(reference))
        tally = run_trials(reference, trials, seed + NAMES.index(name), folder / name)
        print(f"  {trials} trials (seed {seed + NAMES.index(name)})", end="")
        print(f" in {time.monotonic() - began:.0f} s", flush=True)
        tallies.append(tally)
    return tallies


def describe(reference: Reference) -> str:
    """How the unkilled run went and where the kills are drawn from."""
    full = reference.full
    writes = ", ".join(f"{b:.2f}–{e or 0:.2f}" for b, e in full.writes)
    opened, after = full.opened or 0.0, reference.window(OPEN)[1]
    return (
        f"{reference.scenario.name}: unkilled, {full.seconds:.2f} s; opens the project at "
        f"{opened:.2f} s\n  and writes at {writes} s. Kills are drawn from 0–{after:.2f} s "
        f"after it\n  opens the project, every {WRITE_EVERY}th from "
        f"0–{reference.window(WRITE)[1]:.3f} s into its first write."
    )


NAMES = list(PREPARERS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=50, help="killed runs per command")
    parser.add_argument("--seed", type=int, default=15, help="the tests use 15 (and 20 trials)")
    parser.add_argument("--scale", type=int, default=1, help="make the material N times larger")
    parser.add_argument("--only", choices=NAMES, action="append", help="only these commands")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qcode-kill9-") as folder:
        os.environ["XDG_STATE_HOME"] = str(Path(folder) / "state")  # no log outside it
        tallies = run(args.only or NAMES, args.trials, args.seed, args.scale, Path(folder))
    print()
    print(table(tallies))
    failures = [line for tally in tallies for line in tally.failures]
    for line in failures:
        print(f"FAILED {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
