"""Shared fixtures: fresh projects (a file, and a server database), Qt-drawn PDFs, Qt blocking."""

from __future__ import annotations

import os
import shutil
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

TESTS = Path(__file__).parent
BOTH_BACKENDS = {"store", "services", "cli"}  # folders whose project fixtures run on both


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test of the store, service and CLI suites that takes a project fixture once
    on a file and once on a server, unless it is marked ``file_only(reason=...)``."""
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("file_only")
    if marker is not None and not marker.kwargs.get("reason"):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: file_only needs a reason=")
    folder = Path(str(metafunc.definition.path)).relative_to(TESTS).parts[0]
    if folder not in BOTH_BACKENDS:
        return
    server = pytest.param("server", marks=pytest.mark.server)
    metafunc.parametrize("backend", ["file"] if marker else ["file", server], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Where the test's projects live: "file" (a .qcode file) or "server" (PostgreSQL)."""
    return str(getattr(request, "param", "file"))


@pytest.fixture
def server_databases(backend: str, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """Take empty project databases on the test server (for the server backend only); each
    is emptied and reused after the test."""
    from tests.server_pool import ServerPool

    pool: ServerPool | None = None
    if backend == "server":
        pool = request.getfixturevalue("server_pool")
    taken: list[str] = []

    def take() -> str:
        assert pool is not None, "a server database on the file backend"
        taken.append(pool.take())
        return taken[-1]

    yield take
    for url in taken:
        assert pool is not None
        pool.give_back(url)


@pytest.fixture(scope="session")
def server_pool(postgres_server: str) -> Iterator[Any]:
    """This test process's reusable project databases on the test server."""
    from tests.server_pool import ServerPool

    pool = ServerPool(postgres_server)
    yield pool
    pool.close()


@pytest.fixture
def new_project(
    backend: str, tmp_path: Path, server_databases: Callable[[], str]
) -> Iterator[Callable[..., Project]]:
    """Make new projects, as ``create_project`` does: files in tmp_path, or (server backend)
    empty databases holding just the project's row; all closed after the test."""
    from tests.server_pool import new_server_project

    opened: list[Project] = []

    def make(name: str = "study", title: str = "") -> Project:
        if backend == "server":
            opened.append(new_server_project(server_databases(), title or name))
        else:
            opened.append(create_project(tmp_path / f"{name}.qcode", title))
        return opened[-1]

    yield make
    for made in opened:
        made.close()


@pytest.fixture
def copy_of(
    backend: str, tmp_path: Path, server_databases: Callable[[], str]
) -> Callable[[Path], str]:
    """PROJECT for a test's own copy of a template project file: a copy of the file in
    tmp_path, or (server backend) a server database holding every row of it."""
    from tests.server_pool import fill_from_file

    def copy(template: Path) -> str:
        if backend == "server":
            url = server_databases()
            fill_from_file(url, template)
            return url
        return str(shutil.copy(template, tmp_path / template.name))

    return copy


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Where a test's project file lives."""
    return tmp_path / "study.qcode"


@pytest.fixture
def project(new_project: Callable[..., Project]) -> Project:
    """A fresh, empty project: a file, or (server backend) a database on the test server."""
    return new_project(title="Test study")


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

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"t_{worker}_" + re.sub(r"\W+", "_", request.node.name.lower())[:48]
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store_location(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's new project goes, once as a file and once on a PostgreSQL server (an
    empty database): the same test runs against both backends (the server half skips,
    saying why, without one)."""
    if backend == "file":
        return str(tmp_path / "study.qcode")
    return str(request.getfixturevalue("postgres_url"))
