"""Shared fixtures: fresh project files, Qt-drawn PDFs, and optional Qt blocking."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


PdfFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def qt_app() -> Any:
    """A QApplication (not just QGuiApplication, so UI tests can share it)."""
    pytest.importorskip(
        "PySide6.QtWidgets", reason="PySide6 is not importable: PDFs are drawn with Qt"
    )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


@pytest.fixture
def pdf_factory(qt_app: Any, tmp_path: Path) -> PdfFactory:
    """Write a PDF with QPdfWriter: one list of lines per page, or an image-only page."""
    from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter

    def make(filename: str, pages: list[list[str]] | None = None, image: bool = False) -> Path:
        path = tmp_path / filename
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        painter = QPainter(writer)
        painter.setFont(QFont("DejaVu Sans", 11))
        if image:
            picture = QImage(400, 300, QImage.Format.Format_RGB32)
            picture.fill(QColor(200, 120, 40))
            painter.drawImage(100, 100, picture)
        for number, lines in enumerate(pages or []):
            if number:
                writer.newPage()
            for row, line in enumerate(lines):
                painter.drawText(200, 400 + 300 * row, line)
        painter.end()
        return path

    return make


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A URL to a real PostgreSQL server's maintenance database (a scratch cluster, or
    $QCODE_TEST_POSTGRES). In CI it must start; elsewhere the tests skip, saying why."""
    from tests.postgres_server import NoServer, scratch_server

    try:
        with scratch_server() as url:
            yield url
    except NoServer as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL for the team-server tests: {exc}")
        pytest.skip(f"no PostgreSQL server could be started here: {exc}")


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    import re

    import psycopg

    name = "t_" + re.sub(r"\W+", "_", request.node.name.lower())[:50]
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["file", "server"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's project lives, once as a file and once on a PostgreSQL server: the
    same test runs against both backends (the server half skips, saying why, without one)."""
    if request.param == "file":
        return str(tmp_path / "study.qcode")
    return str(request.getfixturevalue("postgres_url"))
