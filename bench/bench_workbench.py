"""The workbench at any project size, one table of figures: python -m bench.bench_workbench.

Builds (or reuses) a project per workload, then measures, each part in its own process:
coding through the window's own actions, opening the window and the longest transcript,
painting, the GUI's peak memory, the command line's start and exports, and agreement
against a per-character reference. Progress goes to stderr; the table to stdout.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

from bench.lists import lists_part, reuse_older_build
from bench.measure import median_ms, p95_ms, qcode_command, repeated, run_probe
from bench.reference import read_only
from bench.table import Figures, as_markdown, as_text
from bench.workloads import WORKLOADS, Workload, ensure_built, say

GUI_KEYS = [
    "apply_current_median",
    "apply_current_p95",
    "apply_click_median",
    "apply_click_p95",
    "apply_every_median",
    "apply_every_p95",
    "apply_longest_median",
    "apply_longest_p95",
    "import_window",
    "open_window",
    "open_longest",
    "frame_median",
    "frame_max",
    "gui_rss",
]
AGREEMENT_KEYS = ["agreement", "reference", "agreement_ratio"]
RSS_REPORTED = {"docs_json", "export", "agree_json"}
SAMPLE_ABOVE = 50  # documents: beyond this the reference runs on a sample


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workloads", default="small,study", help=", ".join(WORKLOADS))
    parser.add_argument("--actions", type=int, default=20, help="coding actions per case")
    parser.add_argument("--frames", type=int, default=60, help="scrolled frames painted")
    parser.add_argument("--cli-runs", type=int, default=5, help="runs of each command")
    parser.add_argument("--reference-sample", type=int, default=10, metavar="N")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/qcode-bench"))
    parser.add_argument("--markdown", type=Path, metavar="FILE")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per child process")
    parser.add_argument("--skip", default="", help="parts to leave out: gui,agreement,cli,lists")
    args = parser.parse_args(argv)
    unknown = [w for w in args.workloads.split(",") if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    return args


def project_facts(path: Path) -> dict[str, int]:
    with read_only(path) as conn:
        count = lambda sql: int(conn.execute(sql).fetchone()[0] or 0)  # noqa: E731
        return {
            "documents": count("SELECT count(*) FROM documents"),
            "chars": count("SELECT sum(length(text)) FROM documents"),
            "segments": count("SELECT count(*) FROM segments"),
            "coders": count("SELECT count(*) FROM coders"),
            "codes": count("SELECT count(*) FROM codes"),
        }


def coder_names(path: Path) -> list[str]:
    with read_only(path) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM coders ORDER BY id")]


def gui_part(path: Path, args: argparse.Namespace, figures: Figures) -> None:
    """Coding, opening and painting in a fresh GUI process; its peak RSS from wait4."""
    options = [str(path), "--actions", str(args.actions), "--frames", str(args.frames)]
    data, run = run_probe("bench.gui_probe", options, args.timeout)
    if not run.ok:
        figures.fail(GUI_KEYS, run.problem())
        return
    values = figures.values
    for case in ("current", "click", "every", "longest"):
        times = data[f"apply_{case}"]
        values[f"apply_{case}_median"] = median_ms(times)  # type: ignore[arg-type]
        values[f"apply_{case}_p95"] = p95_ms(times)  # type: ignore[arg-type]
    values["import_window"] = float(data["import_window"])  # type: ignore[arg-type]
    values["open_window"] = float(data["open_window"])  # type: ignore[arg-type]
    values["open_longest"] = float(data["open_longest"])  # type: ignore[arg-type]
    values["frame_median"] = median_ms(data["frames"])  # type: ignore[arg-type]
    values["frame_max"] = max(data["frames"]) * 1000  # type: ignore[arg-type, call-overload]
    values["gui_rss"] = run.rss_mb
    cpu = {case: median_ms(times) for case, times in data["apply_cpu"].items()}  # type: ignore[union-attr]
    figures.notes.append(
        "the window's thread CPU per coding, median (less shaken by a busy machine than"
        " wall time): Ctrl+Return {current:.1f} ms, double-click {click:.1f} ms, all segments"
        " listed {every:.1f} ms, longest transcript {longest:.1f} ms".format(**cpu)
    )
    figures.notes.append(
        f"coded in the first transcript ({data['first_chars']:,} characters) and the longest"
        f" ({data['longest_chars']:,})"
    )


def agreement_part(path: Path, args: argparse.Namespace, figures: Figures, docs: int) -> None:
    """The agreement service and the per-character reference, in their own process."""
    sample = args.reference_sample if docs > SAMPLE_ABOVE else 0
    data, run = run_probe(
        "bench.agreement_probe", [str(path), "--sample", str(sample)], args.timeout
    )
    if not run.ok:
        figures.fail(AGREEMENT_KEYS, run.problem())
        return
    figures.values["agreement"] = float(data["service_s"])  # type: ignore[arg-type]
    figures.values["reference"] = float(data["reference_full_s"])  # type: ignore[arg-type]
    figures.values["agreement_ratio"] = float(data["ratio"])  # type: ignore[arg-type]
    how = (
        f"ran on {data['reference_docs']} of {data['documents']} documents (every"
        f" {docs // max(1, sample)}th) in {float(data['reference_s']):.1f} s, EXTRAPOLATED to all"
        " by characters × codes in scope"
        if data["extrapolated"]
        else f"ran on all {data['documents']} documents"
    )
    agree = "match" if data["matches"] else "DO NOT match"
    figures.notes.append(f"the agreement reference {how}; its pair counts {agree} the service's")


def cli_part(path: Path, args: argparse.Namespace, figures: Figures, folder: Path) -> None:
    """Start-up and whole-project commands, each its own process (median wall time, peak RSS)."""
    qcode, runs, timeout = qcode_command(), args.cli_runs, args.timeout
    coders = ",".join(coder_names(path))
    commands = {
        "python_pass": [sys.executable, "-c", "pass"],
        "version": [*qcode, "--version"],
        "docs_json": [*qcode, "docs", str(path), "--json"],
        "export": [*qcode, "export", "segments", str(path), "-o", str(folder / "segments.csv")],
        "agree_json": [*qcode, "agree", str(path), "--coders", coders, "--json"],
    }
    for key, argv in commands.items():
        if key == "export":
            (folder / "segments.csv").unlink(missing_ok=True)
        result = repeated(argv, runs if key != "export" else max(1, min(runs, 3)), timeout)
        if result.problem:
            figures.fail([key, f"{key}_rss"], result.problem)
            continue
        figures.values[key] = result.seconds
        if key in RSS_REPORTED:
            figures.values[f"{key}_rss"] = result.rss_mb


def measure_workload(workload: Workload, args: argparse.Namespace) -> Figures:
    reuse_older_build(workload, args.cache)  # a file cached at an older schema, upgraded
    path = ensure_built(workload, args.cache)
    facts = project_facts(path)
    figures = Figures()
    figures.notes.append(
        f"{facts['documents']:,} documents, {facts['chars']:,} characters,"
        f" {facts['segments']:,} segments by {facts['coders']} coders, {facts['codes']} codes"
    )
    skip = set(args.skip.split(","))
    with tempfile.TemporaryDirectory() as scratch:
        parts = [
            ("gui", lambda: gui_part(path, args, figures)),
            ("agreement", lambda: agreement_part(path, args, figures, facts["documents"])),
            ("cli", lambda: cli_part(path, args, figures, Path(scratch))),
            ("lists", lambda: lists_part(path, args.timeout, figures)),
        ]
        for name, part in parts:
            if name in skip:
                continue
            began = time.perf_counter()
            say(f"[{workload.name}] measuring {name}…")
            part()
            say(f"[{workload.name}] {name} done in {time.perf_counter() - began:.1f} s")
    return figures


def method_notes(args: argparse.Namespace) -> list[str]:
    """How the figures were taken (printed once under the table)."""
    return [
        f"Coding: {args.actions} actions per case, each a different span of 40–400 characters,"
        " timed from the action to the end of all pending events (repaint included; timers"
        " with a delay are not waited for; each action starts once the background listings"
        " the previous one or its preparation asked for are shown). Ctrl+Return = Code ▸"
        " Code with current code with a current code chosen; double-click = no current"
        " code, a leaf code double-clicked in the codebook tree, timed from the second press"
        " (the clicks 0.12 s apart, as a quick hand makes them; what the first click sets"
        " off, making the code current, runs between them); all segments listed ="
        " Ctrl+Return with Coded segments' \"Current code and sub-codes\" unticked.",
        f"Window: open_project + open_window (1480×900, default docks) + show, until the"
        f" transcript's first paint. Frames: {args.frames} scroll positions of the longest"
        " transcript, repainting text and stripes.",
        "Memory: peak RSS of each child process (wait4), GUI in its own process per workload.",
        f"Commands: median of {args.cli_runs} runs (export: up to 3, one if a run takes over"
        " 10 s); the largest peak RSS of the runs.",
        "Agreement: the service (query + all pairs, alpha, per code and overall), median of 3"
        " calls; the reference builds a 0/1 bytearray per code × document × coder and counts"
        " each pair character by character (pure Python).",
    ]


def add_ratios(results: dict[str, Figures]) -> None:
    """Each workload's Ctrl+Return median over small's, when small was measured."""
    small = results.get("small")
    base = small.values.get("apply_current_median") if small else None
    if not base or math.isnan(base):
        return
    for figures in results.values():
        value = figures.values.get("apply_current_median")
        if value is not None:
            figures.values["apply_ratio"] = value / base


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    began = time.perf_counter()
    results = {name: measure_workload(WORKLOADS[name], args) for name in args.workloads.split(",")}
    add_ratios(results)
    say(f"all measured in {time.perf_counter() - began:.0f} s")
    method = method_notes(args)
    print(as_text(results, method))
    if args.markdown:
        title = f"qcode workbench benchmark ({time.strftime('%Y-%m-%d %H:%M')}, one run)"
        args.markdown.write_text(as_markdown(results, method, title), encoding="utf-8")
        say(f"wrote {args.markdown}")


if __name__ == "__main__":
    main()
