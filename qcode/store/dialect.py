"""Where SQL differs between a file and a team server: case-free text tests and local times."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, literal
from sqlalchemy.orm import Session

LOCAL_TIME_SQL = "YYYY-MM-DD HH24:MI:SS"  # PostgreSQL's picture of "2025-03-01 10:30:00"
ZONEINFO = "zoneinfo/"


def on_server(session: Session) -> bool:
    """Whether the session reads a PostgreSQL server (not a project file)."""
    return bool(session.get_bind().dialect.name == "postgresql")


def placeholder(session: Session) -> str:
    """How the driver's own SQL marks a value: "?" for SQLite's, "%s" for psycopg's."""
    return "%s" if on_server(session) else "?"


def folded(session: Session, value: Any) -> Any:
    """A text value compared and sorted without case (ASCII letters on a file, as SQLite's
    NOCASE does; every letter on a server, by its collation's lower case)."""
    return func.lower(value) if on_server(session) else value.collate("NOCASE")


def like_any_case(session: Session, column: Any, pattern: str, escape: str = "\\") -> Any:
    """LIKE without case: SQLite's LIKE already ignores ASCII letters' case; a server's ILIKE
    ignores every letter's."""
    if on_server(session):
        return column.ilike(pattern, escape=escape)
    return column.like(pattern, escape=escape)


def local_time_text(session: Session, at: Any) -> ColumnElement[str]:
    """A stored UTC time as this computer shows it locally: "2025-03-01 10:30:00"."""
    if not on_server(session):
        return func.datetime(at, "localtime")
    zone = local_zone_name()
    if zone is None:  # no zone name to hand the server: today's distance from UTC
        offset = datetime.now().astimezone().utcoffset()
        shifted = at + literal(offset)
    else:
        shifted = func.timezone(zone, func.timezone("UTC", at))
    return func.to_char(shifted, LOCAL_TIME_SQL)


def local_zone_name() -> str | None:
    """This computer's time zone by its IANA name ("Europe/Berlin"), if it can be told."""
    named = os.environ.get("TZ", "").lstrip(":")
    if named and not named.startswith("/") and ("/" in named or named == "UTC"):
        return named
    try:
        target = str(Path(named if named.startswith("/") else "/etc/localtime").resolve())
    except OSError:
        return None
    return target.split(ZONEINFO, 1)[1] if ZONEINFO in target else None


def python_function(session: Session, name: str, arity: int, function: Callable[..., Any]) -> None:
    """Let a file's SQL call a Python function by ``name`` (a server's SQL cannot)."""
    if on_server(session):
        raise ValueError(f"{name}: a server's SQL cannot call Python")
    connection = session.connection().connection.driver_connection
    connection.create_function(name, arity, function, deterministic=True)  # type: ignore[union-attr]
