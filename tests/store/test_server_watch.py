"""Live notices on a real server: what a committed change announces, and who hears it."""

from __future__ import annotations

import json

from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.store.journal import RowChange, table_shape
from qcode.store.postgres import create_server_project
from qcode.store.server_watch import PAYLOAD_LIMIT, ServerWatch, payload, read_notice
from tests.helpers import add_text


def test_a_committed_change_is_heard_by_another_process_with_its_rows(postgres_url) -> None:
    with create_server_project(postgres_url, "Team") as project:
        add_text(project, "PA 1", "The mentor listened.\n", "PA", 1)
        add_code(project, "Theme")
        watch = ServerWatch(project.engine)
        try:
            assert watch.notices() == []  # what came before it listened is not replayed
            change = code_span(project, "PA 1", "Theme", "Ana", 4, 10)
            texts = [n.payload for n in watch.connection.notifies(timeout=2, stop_after=1)]
        finally:
            watch.close()
    assert len(texts) == 1
    assert read_notice(texts[0]) is None, "this process's own change is not news to it"
    notice = read_notice(texts[0], process="another machine/1")
    assert notice is not None and notice.actor == "Ana"
    assert notice.tables == change.tables and notice.rows is not None
    segment = next(r for r in notice.rows if r.table == "segments")
    assert segment.kind == "insert" and segment.values_of("id") == {change.value}
    assert segment.values_of("document_id") == {1}


def test_a_change_too_big_for_one_notice_names_its_tables_only() -> None:
    columns = table_shape("segments").columns
    rows = [
        RowChange("segments", "insert", 0, None, tuple(n if c == "id" else 1 for c in columns))
        for n in range(2000)
    ]
    text = payload(rows, "Ana", process="here/1")
    assert len(text.encode()) <= PAYLOAD_LIMIT
    notice = read_notice(text, process="there/2")
    assert notice is not None and notice.rows is None and notice.tables == {"segments"}


def test_a_notice_that_is_not_qcodes_is_ignored() -> None:
    assert read_notice("hello") is None
    assert read_notice(json.dumps({"by": "x/1"})) is None


def test_a_server_out_of_reach_makes_a_watch_that_hears_nothing() -> None:
    from sqlalchemy import create_engine

    from tests.postgres_server import free_port

    engine = create_engine(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/study")
    watch = ServerWatch(engine)
    assert watch.notices() is None
    watch.close()
