"""Kill -9 trials: run a qcode command, SIGKILL it at a seeded moment, check what is left."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.kill_checks import Dump, canonical, damage

ROOT = Path(__file__).resolve().parents[1]
TRACE = "trace.log"
KILLED = -signal.SIGKILL
OPEN, WRITE = "open", "write"
NEEDLES = {OPEN: b"\n", WRITE: b" BEGIN IMMEDIATE\n"}
WRITE_EVERY = 5  # every fifth trial is killed during its first write transaction
POLL_S = 0.001

# The real CLI with one observer: before each BEGIN, COMMIT or ROLLBACK that one of the
# child's SQLite connections runs, its monotonic time and connection are appended to a
# trace file, so a trial knows whether the kill fell before, inside or after a write.
CHILD = """
import os, sys, time
from sqlalchemy import event
from sqlalchemy.pool import Pool

trace = os.open(os.environ["QCODE_TRIAL_TRACE"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

def stamp(connection, sql):
    word = sql.lstrip()[:16].upper()
    if word.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
        mark = "BEGIN IMMEDIATE" if word.startswith("BEGIN IMMEDIATE") else word.split()[0]
        os.write(trace, f"{time.monotonic():.6f} {connection} {mark}\\n".encode())

@event.listens_for(Pool, "connect")
def observe(dbapi_connection, _record):
    number = id(dbapi_connection)
    dbapi_connection.set_trace_callback(lambda sql: stamp(number, sql))

from qcode.cli import entry_point
sys.argv[0] = "qcode"
entry_point()
"""


@dataclass(frozen=True)
class Scenario:
    """A command to kill: the files each trial starts from, and the runs whose results
    are the states the design allows (in order; the last is the whole command)."""

    name: str
    project: str  # the project file's name inside a trial's folder
    inputs: tuple[Path, ...]  # copied into each trial's folder (the project among them)
    command: tuple[str, ...]  # qcode's arguments, run in the trial's folder
    partials: tuple[tuple[str, ...], ...] = ()  # runs giving the states between


@dataclass(frozen=True)
class Timeline:
    """One child's run: its exit status, seconds, and its write transactions' times."""

    status: int | None
    seconds: float
    opened: float | None  # when its first transaction began (it has opened the project)
    writes: tuple[tuple[float, float | None], ...]  # (began, commit issued) since start
    stderr: str = ""

    @property
    def commits(self) -> int:
        return sum(end is not None for _begin, end in self.writes)

    @property
    def open_write(self) -> bool:
        """Whether the last write transaction began and its COMMIT had not been issued."""
        return bool(self.writes) and self.writes[-1][1] is None


@dataclass(frozen=True)
class Reference:
    """A scenario measured: the allowed states (before … after) and an unkilled run."""

    scenario: Scenario
    states: tuple[Dump, ...]
    full: Timeline
    others: tuple[tuple[str, Dump], ...] = ()  # other projects (a coder's copy): only read

    def window(self, anchor: str) -> tuple[float, float]:
        """How long after ``anchor`` kills are drawn from: from the moment the unkilled run
        opened the project to its end ("open"), or its first write's length ("write")."""
        if anchor == WRITE:
            began, ended = self.full.writes[0]
            return 0.0, (ended or began) - began
        return 0.0, self.full.seconds - (self.full.opened or 0.0)


@dataclass(frozen=True)
class Kill:
    """When to SIGKILL a child: ``after`` seconds past the moment its trace first shows a
    transaction ("open": the command has opened the project) or a write ("write")."""

    anchor: str
    after: float


@dataclass(frozen=True)
class Trial:
    """One killed (or finished) run and what was found in the file afterwards."""

    number: int
    kill: Kill
    timeline: Timeline
    phase: str  # before, inside, between, after (the write), finished (not killed)
    state: int | None  # which allowed state the file holds, None if none
    problems: tuple[str, ...] = ()

    @property
    def killed(self) -> bool:
        return self.timeline.status == KILLED


@dataclass
class Tally:
    """A scenario's trials counted: how many were killed, where, and what they left."""

    name: str
    states: int  # how many whole states the design allows (before, …, after)
    trials: list[Trial] = field(default_factory=list)

    def landed(self, phase: str) -> int:
        """Trials whose kill fell in ``phase`` (before, inside, between, after, finished)."""
        return sum(t.phase == phase for t in self.trials)

    def left(self, state: int) -> int:
        """Trials that left the file in allowed state ``state`` (-1: the last)."""
        wanted = state % self.states
        return sum(t.state == wanted for t in self.trials)

    @property
    def killed(self) -> int:
        return sum(t.killed for t in self.trials)

    @property
    def in_between(self) -> int:
        """Trials that left a state between before and after (a batch's earlier files)."""
        return sum(t.state not in (None, 0, self.states - 1) for t in self.trials)

    @property
    def failures(self) -> list[str]:
        return [
            f"{self.name} trial {t.number} (kill {t.kill.after:.3f} s after {t.kill.anchor}):"
            f" {problem}"
            for t in self.trials
            for problem in t.problems
        ]


def child_env(folder: Path) -> dict[str, str]:
    """The environment of a child: its trace and any error log stay in its folder."""
    return {
        **os.environ,
        "QCODE_TRIAL_TRACE": str(folder / TRACE),
        "XDG_STATE_HOME": str(folder / "state"),
        "PYTHONPATH": str(ROOT),
    }


def fresh_folder(scenario: Scenario, folder: Path) -> Path:
    """A new folder holding copies of the scenario's inputs."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for source in scenario.inputs:
        shutil.copy2(source, folder / source.name)
    return folder


def run_traced(
    argv: Sequence[str], folder: Path, kill: Kill | None = None, timeout: float = 120
) -> Timeline:
    """Run qcode with ``argv`` in ``folder``; SIGKILL it as ``kill`` says."""
    began = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *argv],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(folder),
    )
    try:
        if kill is not None:
            kill_when(child, folder / TRACE, kill, began + timeout)
        _out, err = child.communicate(timeout=timeout)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    seconds = time.monotonic() - began
    opened, writes = read_trace(folder / TRACE, began)
    return Timeline(child.returncode, seconds, opened, writes, err.decode())


def kill_when(child: subprocess.Popen[bytes], trace: Path, kill: Kill, deadline: float) -> None:
    """Watch the child's trace for the kill's anchor, then SIGKILL it ``after`` seconds on
    (unless it has ended by then)."""
    needle = NEEDLES[kill.anchor]
    while child.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(FileNotFoundError):
            if needle in trace.read_bytes():
                break
        time.sleep(POLL_S)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=kill.after)
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)


def read_trace(
    path: Path, began: float
) -> tuple[float | None, tuple[tuple[float, float | None], ...]]:
    """When a trace's first transaction began, and its write transactions: when each began
    and when its COMMIT was issued (None if still open); rolled-back writes are left out."""
    writes: list[list[float | None]] = []
    open_on: dict[str, list[float | None]] = {}
    lines = path.read_text().splitlines() if path.exists() else []
    opened = float(lines[0].split(" ", 1)[0]) - began if lines else None
    for line in lines:
        stamp, connection, mark = line.split(" ", 2)
        moment = float(stamp) - began
        if mark == "BEGIN IMMEDIATE":
            open_on[connection] = [moment, None]
            writes.append(open_on[connection])
        elif connection in open_on:
            write = open_on.pop(connection)
            if mark == "COMMIT":
                write[1] = moment
            else:
                writes.remove(write)
    return opened, tuple((float(begin or 0.0), end) for begin, end in writes)


def measure(scenario: Scenario, folder: Path) -> Reference:
    """Run the scenario's partial runs and its whole command unkilled; their states."""
    before = canonical(fresh_folder(scenario, folder) / scenario.project)
    states = [before]
    for argv in scenario.partials:
        timeline = run_traced(argv, fresh_folder(scenario, folder))
        if timeline.status != 0:
            raise RuntimeError(f"{scenario.name}: {' '.join(argv)}: {timeline.stderr.strip()}")
        states.append(canonical(folder / scenario.project))
    full = run_traced(scenario.command, fresh_folder(scenario, folder))
    if full.status != 0 or not full.writes:
        raise RuntimeError(f"{scenario.name}: the unkilled run failed: {full.stderr.strip()}")
    states.append(canonical(folder / scenario.project))
    others = tuple(
        (source.name, canonical(source))
        for source in scenario.inputs
        if source.suffix == ".qcode" and source.name != scenario.project
    )
    return Reference(scenario, tuple(states), full, others)


def plan(reference: Reference, trials: int, seed: int) -> list[Kill]:
    """Seeded kills: most drawn evenly from the time after the command opened the project,
    every fifth from its first write transaction (so some surely land inside one)."""
    rng = random.Random(seed)
    anchors = [WRITE if n % WRITE_EVERY == WRITE_EVERY - 1 else OPEN for n in range(trials)]
    return [Kill(anchor, rng.uniform(*reference.window(anchor))) for anchor in anchors]


def trial(reference: Reference, kill: Kill, folder: Path, number: int = 0) -> Trial:
    """Run the command, kill it as ``kill`` says, and check the file it leaves."""
    scenario = reference.scenario
    timeline = run_traced(scenario.command, fresh_folder(scenario, folder), kill)
    state, problems = verdict(reference, folder / scenario.project)
    problems += consistency(timeline, state, len(reference.states))
    problems += tuple(
        f"{name} was changed, though it is only read"
        for name, dump in reference.others
        if canonical(folder / name) != dump
    )
    return Trial(number, kill, timeline, phase_of(timeline, reference.full), state, problems)


def verdict(reference: Reference, path: Path) -> tuple[int | None, tuple[str, ...]]:
    """Which allowed state the file holds (None if none), and any damage found in it."""
    problems = damage(path)
    try:
        dump = canonical(path)
    except sqlite3.DatabaseError as exc:
        return None, (*problems, f"its rows cannot be read: {exc}")
    if dump not in reference.states:
        problems.append("the file holds neither the state before nor after a whole transaction")
        return None, tuple(problems)
    return reference.states.index(dump), tuple(problems)


def phase_of(timeline: Timeline, full: Timeline) -> str:
    """Where the kill fell, from the child's own trace."""
    if timeline.status != KILLED:
        return "finished"
    if not timeline.writes:
        return "before"
    if timeline.open_write:
        return "inside"
    return "after" if timeline.commits >= full.commits else "between"


def consistency(timeline: Timeline, state: int | None, states: int) -> tuple[str, ...]:
    """What is wrong with the state a run left, given how far its trace says it got."""
    if state is None:
        return ()  # said by the verdict
    if timeline.status != KILLED:
        if timeline.status != 0:
            return (f"ended with status {timeline.status}: {timeline.stderr.strip()[-300:]}",)
        return () if state == states - 1 else (f"finished, yet the file is in state {state}",)
    done = timeline.commits
    allowed = {done} if timeline.open_write else {done - 1, done}  # a COMMIT may not land
    if state not in allowed:
        return (f"{done} commit(s) issued but the file is in state {state}",)
    return ()


def run_trials(reference: Reference, trials: int, seed: int, folder: Path) -> Tally:
    """``trials`` killed runs of one scenario, each in a fresh copy of its inputs."""
    tally = Tally(reference.scenario.name, len(reference.states))
    for number, kill in enumerate(plan(reference, trials, seed)):
        tally.trials.append(trial(reference, kill, folder / f"trial {number}", number))
        shutil.rmtree(folder / f"trial {number}")
    return tally
