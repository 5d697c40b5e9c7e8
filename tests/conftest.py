"""Shared fixtures: fresh project files under tmp_path; optional Qt blocking."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if os.environ.get("QCODE_BLOCK_QT") == "1":
    # Proves the Qt-free layers work without PySide6: any import of it fails.
    sys.modules["PySide6"] = None  # type: ignore[assignment]
    sys.modules["shiboken6"] = None  # type: ignore[assignment]

from qcode.store.project import Project, create_project  # noqa: E402


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Where a test's project file lives."""
    return tmp_path / "study.qcode"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    """A fresh, empty project file."""
    with create_project(project_path, title="Test study") as opened:
        yield opened
