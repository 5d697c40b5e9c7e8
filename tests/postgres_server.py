"""A scratch PostgreSQL server for the tests: Debian's binaries, a throwaway cluster in /tmp."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

URL_VARIABLE = "QCODE_TEST_POSTGRES"  # a server of one's own: postgresql://user@host/db


class NoServer(Exception):
    """No PostgreSQL server could be started here (the reason is the message)."""


def binaries() -> Path:
    """The folder holding initdb and pg_ctl (the newest installed version)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if not found:
        raise NoServer("PostgreSQL's server binaries are not installed (Debian: postgresql)")
    return Path(found[-1]).parent


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def as_server_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the ``postgres`` account then."""
    if os.geteuid() != 0:
        return argv
    if shutil.which("runuser") is None:
        raise NoServer("running as root without runuser: cannot start PostgreSQL as postgres")
    return ["runuser", "-u", "postgres", "--", *argv]


@contextmanager
def scratch_server() -> Iterator[str]:
    """Start a throwaway cluster on a free loopback port; yield a URL to its database."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="qcode-pg-"))
    bin_dir, port = binaries(), free_port()
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "qcode", "-E", "UTF8"])
    options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = folder / "server.log"
    run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"])
    try:
        yield f"postgresql://qcode@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def run(argv: list[str]) -> None:
    done = subprocess.run(as_server_user(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise NoServer(f"{Path(argv[0]).name} failed: {said[-1] if said else done.returncode}")
