"""Run a command in a child process: its wall time, its own peak RSS (wait4), with a timeout."""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    """One finished child: seconds, peak resident memory in MB, exit status, output."""

    seconds: float
    rss_mb: float
    status: int
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.timed_out

    def problem(self) -> str:
        """One line saying why the run failed (empty if it did not)."""
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        if self.status != 0:
            lines = [line for line in self.stderr.splitlines() if line.strip()]
            return f"exit {self.status}: {lines[-1] if lines else 'no message'}"
        return ""


def qcode_command() -> list[str]:
    """The installed `qcode` console script beside this Python (else `python -m qcode.cli`)."""
    found = shutil.which("qcode", path=str(Path(sys.executable).parent))
    if found:
        return [found]
    return [sys.executable, "-c", "from qcode.cli import entry_point; entry_point()"]


def run_child(argv: list[str], timeout: float, keep_stdout: bool = True) -> Run:
    """Run ``argv`` from the repository root; kill it after ``timeout`` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        child = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdout=out if keep_stdout else subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            child.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss / 1024,  # kilobytes on Linux
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            killed.is_set(),
        )


def run_probe(module: str, args: list[str], timeout: float) -> tuple[dict[str, object], Run]:
    """Run ``python -m module args`` whose last stdout line is a JSON object of results."""
    run = run_child([sys.executable, "-m", module, *args], timeout)
    if not run.ok:
        return {}, run
    lines = run.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else {}), run


@dataclass(frozen=True)
class Repeated:
    """A command run several times: median seconds, the largest peak RSS, any failure."""

    seconds: float
    rss_mb: float
    problem: str


def repeated(argv: list[str], runs: int, timeout: float, slow: float = 10.0) -> Repeated:
    """Median wall time of up to ``runs`` runs (one only if a run takes over ``slow`` s)."""
    times, peaks = [], []
    for _ in range(runs):
        run = run_child(argv, timeout, keep_stdout=False)
        if not run.ok:
            return Repeated(math.nan, run.rss_mb, run.problem())
        times.append(run.seconds)
        peaks.append(run.rss_mb)
        if run.seconds > slow:
            break
    return Repeated(statistics.median(times), max(peaks), "")


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000 if values else math.nan


def p95_ms(values: list[float]) -> float:
    """The 95th percentile by nearest rank, in milliseconds."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000
