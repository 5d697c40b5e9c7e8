"""Schema revisions read from the migration files' source, so opening a file needs no Alembic."""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).with_name("migrations") / "versions"

# `revision = "0003"` or `down_revision: str | None = "0002"` at the start of a line.
_ASSIGNMENT = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=\n]*)?=\s*(?P<value>[^\n#]+)", re.MULTILINE
)


def _parents(value: object) -> tuple[str, ...]:
    """A down_revision as a tuple: None → (), "0002" → ("0002",), a merge's tuple as is."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple | list):
        return tuple(str(item) for item in value)
    raise ValueError(f"a down_revision names revisions, not {value!r}")


def read_step(path: Path) -> tuple[str, tuple[str, ...]] | None:
    """A migration file's revision and the revisions it follows (None if it declares none)."""
    found: dict[str, object] = {}
    for match in _ASSIGNMENT.finditer(path.read_text(encoding="utf-8")):
        found.setdefault(match["name"], ast.literal_eval(match["value"].strip()))
    revision = found.get("revision")
    if not isinstance(revision, str):
        return None
    return revision, _parents(found.get("down_revision"))


@lru_cache(maxsize=4)
def revision_graph(folder: Path = VERSIONS_DIR) -> dict[str, tuple[str, ...]]:
    """Every revision in a folder of migration files (qcode's own) → the revisions it follows."""
    steps = (read_step(path) for path in sorted(folder.glob("*.py")))
    return dict(step for step in steps if step is not None)


def known_revisions(folder: Path = VERSIONS_DIR) -> set[str]:
    """Every schema revision this qcode knows."""
    return set(revision_graph(folder))


def head_revision(folder: Path = VERSIONS_DIR) -> str:
    """The newest schema revision this qcode knows: the one no other revision follows."""
    graph = revision_graph(folder)
    followed = {parent for parents in graph.values() for parent in parents}
    heads = sorted(set(graph) - followed)
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have one head, not {heads or 'none'}")
    return heads[0]
