"""Where a project lives: a `.qcode` file, or a database on a PostgreSQL server (a URL)."""

from __future__ import annotations

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(project: str) -> bool:
    """Whether a PROJECT argument names a PostgreSQL database rather than a file."""
    return project.startswith(SCHEMES)
