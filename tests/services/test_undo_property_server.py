"""The undo property on a real PostgreSQL server: the same random operations, undone and redone."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.services import cases, coding, memos
from qcode.services.codebook import edit as codebook
from qcode.store.postgres import create_server_project, open_server_project
from tests.helpers import add_text, server_dump
from tests.services.test_undo_property import CSV, TEXT_A, TEXT_B, undo_all_and_redo

COUNTER = itertools.count()


@pytest.fixture(scope="module")
def server_template(
    postgres_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """A template database holding the same study as the file test's template."""
    folder = tmp_path_factory.mktemp("server-template")
    (folder / "codebook.csv").write_text(CSV, encoding="utf-8")
    base = postgres_server.rsplit("/", 1)[0]
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute('DROP DATABASE IF EXISTS "undo_template"')
        admin.execute('CREATE DATABASE "undo_template"')
    project = create_server_project(f"{base}/undo_template", "Template")
    try:
        add_text(project, "PA 1", TEXT_A, "PA", 1)
        add_text(project, "PB 1", TEXT_B, "PB", 1)
        codebook.add_code(project, "Better work/Support", flags="M")
        codebook.add_code(project, "Better work/Rota", flags="C")
        coding.code_span(project, "PA 1", "Better work/Support", "Ann", 25, 50)
        segment = coding.code_span(project, "PB 1", "Better work/Rota", "Ben", 20, 40).value
        case = cases.create_case(project, "Rota clash", participant="PB").value
        cases.link_segments(project, case, [segment])
        memos.add_memo(project, "why rotas matter", memos.MemoTarget("case", case))
    finally:
        project.close()
    yield postgres_server, folder / "codebook.csv"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute('DROP DATABASE IF EXISTS "undo_template" WITH (FORCE)')


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), length=st.integers(1, 8))
def test_undo_all_restores_exactly_on_a_server(
    server_template: tuple[str, Path], data: st.DataObject, length: int
) -> None:
    admin_url, csv_file = server_template
    name = f"undo_{next(COUNTER)}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "undo_template"')
    project = open_server_project(f"{admin_url.rsplit('/', 1)[0]}/{name}")
    try:
        undo_all_and_redo(project, data, length, csv_file, server_dump)
    finally:
        project.close()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
