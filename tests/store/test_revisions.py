"""Revisions read from the migration files agree with what Alembic itself finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from qcode.store import revisions
from qcode.store.migrate import MIGRATIONS_DIR


def alembic_scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def test_head_is_alembics_head() -> None:
    assert revisions.head_revision() == alembic_scripts().get_current_head()


def test_known_revisions_are_alembics() -> None:
    assert revisions.known_revisions() == {
        script.revision for script in alembic_scripts().walk_revisions()
    }


def test_each_step_follows_what_alembic_says() -> None:
    graph = revisions.revision_graph()
    for script in alembic_scripts().walk_revisions():
        down = script.down_revision
        expected = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        assert graph[script.revision] == expected


def write_step(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(f'"""Step {name}."""\n\n{body}\n', encoding="utf-8")


def test_typed_assignments_and_merges(tmp_path: Path) -> None:
    write_step(tmp_path, "a", 'revision = "a"\ndown_revision = None')
    write_step(tmp_path, "b", 'revision: str = "b"\ndown_revision: str | None = "a"')
    write_step(tmp_path, "c", "revision = 'c'  # a branch\ndown_revision = 'a'")
    write_step(tmp_path, "d", 'revision = "d"\ndown_revision = ("b", "c")')
    (tmp_path / "__init__.py").write_text('"""Steps."""\n', encoding="utf-8")
    assert revisions.revision_graph(tmp_path) == {
        "a": (),
        "b": ("a",),
        "c": ("a",),
        "d": ("b", "c"),
    }
    assert revisions.head_revision(tmp_path) == "d"
    assert revisions.known_revisions(tmp_path) == {"a", "b", "c", "d"}


def test_two_heads_are_refused(tmp_path: Path) -> None:
    write_step(tmp_path, "a", 'revision = "a"\ndown_revision = None')
    write_step(tmp_path, "b", 'revision = "b"\ndown_revision = "a"')
    write_step(tmp_path, "c", 'revision = "c"\ndown_revision = "a"')
    with pytest.raises(RuntimeError, match="one head"):
        revisions.head_revision(tmp_path)
