"""Team-server commands: `publish` a project file to PostgreSQL, take a `snapshot` back."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcode.cli.common import is_server_url
from qcode.errors import QcodeError


def register(commands: argparse._SubParsersAction) -> None:
    publish = commands.add_parser(
        "publish", help="copy a project file into an empty PostgreSQL database"
    )
    publish.add_argument("file", metavar="FILE.qcode")
    publish.add_argument("url", metavar="postgresql://user@host/dbname")
    publish.set_defaults(handler=run_publish)
    snapshot = commands.add_parser(
        "snapshot", help="copy a project on a PostgreSQL server into a new project file"
    )
    snapshot.add_argument("url", metavar="postgresql://user@host/dbname")
    snapshot.add_argument("file", metavar="FILE.qcode")
    snapshot.set_defaults(handler=run_snapshot)


def shown(url: str) -> str:
    """A URL as said back: without the user (nor any password in it)."""
    return url.rsplit("@", 1)[-1]


def check_url(url: str) -> None:
    if not is_server_url(url):
        raise QcodeError(f"'{url}' is not a PostgreSQL URL (postgresql://user@host/dbname)")


def run_publish(args: argparse.Namespace) -> int:
    from qcode.store.transfer import publish

    check_url(args.url)
    copied = publish(Path(args.file), args.url)
    print(copied.summary(shown(args.url)))
    return 0


def run_snapshot(args: argparse.Namespace) -> int:
    from qcode.store.transfer import snapshot

    check_url(args.url)
    copied = snapshot(args.url, Path(args.file))
    print(copied.summary(args.file))
    return 0
