"""Settings kept in the project: JSON values, one audited step each, undone like any edit."""

from __future__ import annotations

import pytest

from qcode.errors import QcodeError
from qcode.services.history import History
from qcode.services.settings import keep_setting, read_setting
from qcode.store.models import AuditEvent
from qcode.store.project import Project


def test_a_setting_is_kept_read_back_and_undone(project: Project) -> None:
    history = History(project)
    history.push(keep_setting(project, "quotes.style", {"interviewer": ["Int:"]}))
    history.push(keep_setting(project, "quotes.style", {"interviewer": ["I:", "Int:"]}))
    with project.session() as session:
        assert read_setting(session, "quotes.style") == {"interviewer": ["I:", "Int:"]}
        events = session.query(AuditEvent).filter_by(action="set setting").count()
    assert events == 2
    history.undo()
    with project.session() as session:
        assert read_setting(session, "quotes.style") == {"interviewer": ["Int:"]}
    history.undo()
    with project.session() as session:
        assert read_setting(session, "quotes.style", "none") == "none"


def test_keeping_the_same_value_or_removing_a_missing_one_changes_nothing(
    project: Project,
) -> None:
    keep_setting(project, "tables.themes", ["Theme", "Categories"])
    assert keep_setting(project, "tables.themes", ["Theme", "Categories"]).is_empty
    assert keep_setting(project, "absent", None).is_empty
    assert not keep_setting(project, "tables.themes", None).is_empty
    with project.session() as session:
        assert read_setting(session, "tables.themes") is None


@pytest.mark.parametrize("key", ["", "k" * 101])
def test_a_bad_name_or_value_is_refused_and_nothing_is_kept(project: Project, key: str) -> None:
    with pytest.raises(QcodeError, match="needs 1 to 100"):
        keep_setting(project, key, 1)
    with pytest.raises(QcodeError, match="can't be kept"):
        keep_setting(project, "quotes.style", {1, 2})
    with project.session() as session:
        assert read_setting(session, "quotes.style") is None
